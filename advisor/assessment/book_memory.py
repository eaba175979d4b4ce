"""One process's memory per rule book: what the planner and the proviso search remember is kept per rule book object
(a book changed in memory is another), for at most a few books, and shared by threads."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from advisor.law.rules import Rulebook

T = TypeVar("T")


class PerBook(Generic[T]):
    """A memory made by `make` for each rule book object, the oldest forgotten beyond `books`."""

    def __init__(self, make: Callable[[Rulebook], T], books: int) -> None:
        self.make = make
        self.books = books
        self.kept: dict[int, tuple[Rulebook, T]] = {}
        self.lock = threading.Lock()

    def of(self, book: Rulebook) -> T:
        """The memory for this very rule book (made when first asked for)."""
        with self.lock:
            found = self.kept.get(id(book))
            if found is None or found[0] is not book:
                while len(self.kept) >= self.books:
                    self.kept.pop(next(iter(self.kept)))
                found = self.kept[id(book)] = (book, self.make(book))
            return found[1]
