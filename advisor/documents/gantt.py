"""The timetable picture of the memo (a Gantt-style chart of a route's dated steps): its layout, with its alt text,
for the SVG template (`timetable.svg.j2`) and drawn as a PNG for Word (as the viability matrix is, `matrix.py`).

One row per dated step, in the timetable's order: a diamond for a deadline (done by the day), a triangle for an
earliest day (not before it), a bar for the window a period gives (a deadline counted after its anchor, or an
earliest day with a date it must precede); hollow where the step only may apply. Every meaning is also in words: the
row's label says the date, "by" or "from", "may apply", "LATE" and a period from practice or uncertain. The anchor
dates and the date lateness is judged on are labelled vertical lines; the time axis has a tick at each month.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from advisor.base.dates import date_words

WIDTH, MARGIN, LABEL_WIDTH, GAP, FONT, LINE = 680, 16, 290, 14, 12, 15
CHART_LEFT, CHART_RIGHT = MARGIN + LABEL_WIDTH + GAP, WIDTH - MARGIN - 8
WRAP, MAX_LINES, MAX_TICK_LABELS = 44, 4, 7
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FLAGGED = {"practice": "practice period", "uncertain": "uncertain period"}
LEGEND = (("milestone", "deadline: done by this day"), ("start", "earliest day: not before this day"),
          ("bar", "window the period gives"), ("hollow", "hollow: may apply"))


def gantt_data(steps: list[dict[str, Any]], marks: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """The picture's layout: `steps` the dated steps (as the plan's JSON gives them, numbered), `marks` the dates
    drawn as labelled vertical lines ({"label", "date"}, ISO dates), `title` the route in words."""
    days = [_day(s["date"]) for s in steps] + [_day(m["date"]) for m in marks]
    days += [_day(s[key]) for s in steps for key in ("anchor_date", "precedes_date") if s.get(key)]
    start, end = _month_start(min(days)), _next_month(max(days))
    scale = (CHART_RIGHT - CHART_LEFT) / (end - start).days
    place = {"start": start, "scale": scale}
    top = MARGIN + LINE * len(marks) + 4
    axis_y = top + LINE
    rows, bottom = _rows(steps, place, axis_y + 10)
    lines = [_mark(m, i, place, bottom) for i, m in enumerate(marks)]
    legend_y = bottom + 22
    return {"width": WIDTH, "height": legend_y + 2 * LINE + 8, "font": FONT, "line": LINE, "title": title,
            "rows": rows, "marks": lines, "ticks": _ticks(start, end, place), "axis_y": axis_y, "grid_top": axis_y + 4,
            "bottom": bottom, "chart_left": CHART_LEFT, "chart_right": CHART_RIGHT, "label_x": MARGIN,
            "legend": _legend(legend_y), "alt": _alt(title, steps, marks)}


def _day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _x(day: dt.date, place: dict[str, Any]) -> float:
    start: dt.date = place["start"]
    scale: float = place["scale"]
    return round(CHART_LEFT + (day - start).days * scale, 1)


def _rows(steps: list[dict[str, Any]], place: dict[str, Any], y: int) -> tuple[list[dict[str, Any]], int]:
    """Each step's row: its label's lines, its shape and where it falls; and the y below the last row."""
    rows = []
    for step in steps:
        lines = label_lines(step)
        height = LINE * len(lines) + 10
        shape, x, x_end = _shape(step, place)
        rows.append({"y": y, "height": height, "mid": y + height // 2, "lines": lines, "shape": shape, "x": x,
                     "x_end": x_end, "hollow": step["status"] == "may_apply", "late": step["late"]})
        y += height
    return rows, y


def label_lines(step: dict[str, Any]) -> list[str]:
    """A row's label: the step's number and words (wrapped), then its date and what marks it, in words."""
    words = textwrap.wrap(f"{step['number']}. {step['step']}", WRAP)
    if len(words) > MAX_LINES - 1:
        words = [*words[:MAX_LINES - 2], textwrap.shorten(" ".join(words[MAX_LINES - 2:]), WRAP, placeholder=" …")]
    status = [("by " if step["due"] == "by" else "from ") + date_words(_day(step["date"]))]
    status += ["may apply"] * (step["status"] == "may_apply") + ["LATE"] * bool(step["late"])
    status += [FLAGGED[step["confidence"]]] if step["confidence"] in FLAGGED else []
    return [*words, "; ".join(status)]


def _shape(step: dict[str, Any], place: dict[str, Any]) -> tuple[str, float, float | None]:
    """A bar over the window a period gives, else a milestone (deadline) or a start (earliest day) at the date."""
    day = _day(step["date"])
    if step["due"] == "by" and step["period"]["side"] == "after" and step.get("anchor_date"):
        return "bar", _x(_day(step["anchor_date"]), place), _x(day, place)
    if step["due"] == "from" and step.get("precedes_date") and _day(step["precedes_date"]) > day:
        return "bar", _x(day, place), _x(_day(step["precedes_date"]), place)
    return ("milestone" if step["due"] == "by" else "start"), _x(day, place), None


def _mark(mark: dict[str, Any], index: int, place: dict[str, Any], bottom: int) -> dict[str, Any]:
    """A labelled vertical line; its label on a row of its own at the top, kept inside the picture."""
    x = _x(_day(mark["date"]), place)
    middle = (CHART_LEFT + CHART_RIGHT) / 2
    return {"x": x, "label": f"{mark['label']}: {date_words(_day(mark['date']))}", "label_y": MARGIN + LINE * index + 8,
            "anchor": "start" if x < middle else "end", "top": MARGIN + LINE * index + 11, "bottom": bottom,
            "dash": mark.get("dash", "6 3")}


def _ticks(start: dt.date, end: dt.date, place: dict[str, Any]) -> list[dict[str, Any]]:
    """A tick at the first of each month; a label on every month, or every few when the span is long."""
    months, day = [], start
    while day <= end:
        months.append(day)
        day = _next_month(day)
    every = -(-len(months) // MAX_TICK_LABELS)
    return [{"x": _x(m, place), "label": f"{_MONTHS[m.month - 1]} {m.year}"
             if i % every == 0 and i < len(months) - 1 else ""} for i, m in enumerate(months)]


def _legend(y: int) -> list[dict[str, Any]]:
    width = (WIDTH - 2 * MARGIN) / 2
    return [{"shape": shape, "text": text, "x": MARGIN + (i % 2) * width, "y": y + (i // 2) * LINE}
            for i, (shape, text) in enumerate(LEGEND)]


def _alt(title: str, steps: list[dict[str, Any]], marks: list[dict[str, Any]]) -> str:
    """A text equivalent: every dated step in words, and the dates drawn as lines."""
    parts = [f"Step {s['number']}, {'by' if s['due'] == 'by' else 'from'} {date_words(_day(s['date']))}: "
             f"{s['step']}; who: {s['who_words']}; {_flags(s)}" for s in steps]
    lines = "; ".join(f"{m['label']}, {date_words(_day(m['date']))}" for m in marks)
    return f"Timetable of {title}. " + ". ".join(parts) + f". Dates marked: {lines}."


def _flags(step: dict[str, Any]) -> str:
    flags = [FLAGGED.get(step["confidence"], step["confidence"])]
    flags += ["may apply"] * (step["status"] == "may_apply") + ["late"] * bool(step["late"])
    return "; ".join(flags)


Draw = ImageDraw.ImageDraw
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def gantt_png(data: dict[str, Any], scale: int = 2) -> bytes:
    """The same picture drawn as a PNG (for documents that cannot hold SVG)."""
    image = Image.new("RGB", (data["width"] * scale, data["height"] * scale), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=FONT * scale)
    _png_axis(draw, data, font, scale)
    for row in data["rows"]:
        draw.line(_at(scale, data["label_x"], row["y"] + row["height"], data["chart_right"], row["y"] + row["height"]),
                  fill="#eaeef2", width=scale)
        for i, text in enumerate(row["lines"], start=1):
            draw.text((data["label_x"] * scale, (row["y"] + LINE * i) * scale), text, fill="black", font=font,
                      anchor="ls")
        fill = "#ffffff" if row["hollow"] else ("#cf222e" if row["late"] else "#1f2328")
        _png_shape(draw, row["shape"], (row["x"], row["mid"], row["x_end"]), fill, scale)
    for mark in data["marks"]:
        _dashed(draw, mark, scale)
        x = mark["x"] + (3 if mark["anchor"] == "start" else -3)
        draw.text((x * scale, mark["label_y"] * scale), mark["label"], fill="black", font=font,
                  anchor="ls" if mark["anchor"] == "start" else "rs")
    for item in data["legend"]:
        hollow = item["shape"] == "hollow"
        offset = 1 if item["shape"] == "bar" else 7 if item["shape"] in ("milestone", "hollow") else 2
        _png_shape(draw, "milestone" if hollow else item["shape"], (item["x"] + offset, item["y"], item["x"] + 15),
                   "#ffffff" if hollow else "#1f2328", scale)
        draw.text(((item["x"] + 22) * scale, (item["y"] + 4) * scale), item["text"], fill="black", font=font,
                  anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _at(scale: int, *points: float) -> list[float]:
    return [point * scale for point in points]


def _png_axis(draw: Draw, data: dict[str, Any], font: Font, scale: int) -> None:
    for tick in data["ticks"]:
        draw.line(_at(scale, tick["x"], data["grid_top"], tick["x"], data["bottom"]), fill="#d0d7de", width=scale)
        if tick["label"]:
            draw.text(((tick["x"] + 2) * scale, data["axis_y"] * scale), tick["label"], fill="black", font=font,
                      anchor="ls")
    draw.line(_at(scale, data["chart_left"], data["grid_top"], data["chart_right"], data["grid_top"]),
              fill="#57606a", width=scale)


def _png_shape(draw: Draw, kind: str, where: tuple[float, float, float | None], fill: str, scale: int) -> None:
    x, mid, x_end = where
    if kind == "milestone":
        points = [(x, mid - 7), (x + 7, mid), (x, mid + 7), (x - 7, mid)]
    elif kind == "start":
        points = [(x, mid - 7), (x + 10, mid), (x, mid + 7)]
    else:
        right = max(x_end or x, x + 3)
        points = [(x, mid - 5), (right, mid - 5), (right, mid + 5), (x, mid + 5)]
    draw.polygon([(px * scale, py * scale) for px, py in points], fill=fill, outline="#1f2328", width=scale)


def _dashed(draw: Draw, mark: dict[str, Any], scale: int) -> None:
    """A vertical line dashed as the SVG's stroke-dasharray says ("6 3": 6 drawn, 3 left)."""
    drawn, gap = (float(part) for part in mark["dash"].split())
    y = mark["top"]
    while y < mark["bottom"]:
        draw.line(_at(scale, mark["x"], y, mark["x"], min(y + drawn, mark["bottom"])), fill="#1f2328", width=scale)
        y += drawn + gap
