"""The viability matrix (delivery models x legal forms, by verdict): its layout, as SVG (template) and as PNG."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from advisor.assessment.records import Assessment
from advisor.assessment.verdicts import VERDICTS

CELL, LABEL_WIDTH, HEADER, MARGIN, FONT = 34, 330, 60, 16, 13
COLOURS: dict[str | None, str] = {"viable": "#1a7f37", "viable_with_conditions": "#9a6700", "undetermined": "#6e7781",
           "not_viable": "#cf222e", None: "#f6f8fa"}
MARKS: dict[str | None, str] = {"viable": "V", "viable_with_conditions": "C", "undetermined": "?", "not_viable": "X", None: ""}


def matrix_data(assessment: Assessment) -> dict[str, Any]:
    """Rows (ADMs), numbered columns (forms any ADM can take) and each cell's verdict, laid out."""
    catalogue = assessment.context.book.catalogue
    used = [form for form in catalogue.forms if any(form.id in adm.adm.forms for adm in assessment.adms)]
    columns: list[dict[str, Any]] = [{"number": i + 1, "id": f.id, "name": f.name, "x": MARGIN + LABEL_WIDTH + i * CELL}
                                     for i, f in enumerate(used)]
    rows = []
    for r, adm in enumerate(assessment.adms):
        verdicts: dict[str, str] = {form.form.id: form.verdict for form in adm.forms}
        y = MARGIN + HEADER + r * CELL
        cells = [_matrix_cell(c, y, verdicts.get(c["id"])) for c in columns]
        rows.append({"name": adm.adm.name, "verdict": adm.verdict, "y": y, "cells": cells})
    width = MARGIN * 2 + LABEL_WIDTH + len(columns) * CELL
    legend_y = MARGIN + HEADER + len(rows) * CELL + 24
    legend = [{"verdict": v, "fill": COLOURS[v], "mark": MARKS[v], "x": MARGIN + i * 190} for i, v in enumerate(VERDICTS)]
    return {"rows": rows, "columns": columns, "legend": legend, "legend_y": legend_y, "width": width,
            "height": legend_y + 40, "cell": CELL, "font": FONT, "header_y": MARGIN + HEADER - 12,
            "label_x": MARGIN, "alt": _alt(rows)}


def _matrix_cell(column: dict[str, Any], y: int, verdict: str | None) -> dict[str, Any]:
    return {"x": column["x"], "y": y, "verdict": verdict, "form": column["name"], "fill": COLOURS[verdict],
            "mark": MARKS[verdict]}


def _alt(rows: list[dict[str, Any]]) -> str:
    """A text equivalent: the verdict of every delivery model in every form it can take."""
    parts = []
    for row in rows:
        forms = "; ".join(f"{c['form']}: {c['verdict'].replace('_', ' ')}" for c in row["cells"] if c["verdict"])
        parts.append(f"{row['name']} ({forms})")
    return "Viability matrix. " + ". ".join(parts) + "."


def matrix_png(data: dict[str, Any], scale: int = 2) -> bytes:
    """The same matrix drawn as a PNG (for documents that cannot hold SVG)."""
    image = Image.new("RGB", (data["width"] * scale, data["height"] * scale), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=FONT * scale)
    for column in data["columns"]:
        draw.text(((column["x"] + CELL / 2) * scale, data["header_y"] * scale), str(column["number"]),
                  fill="black", font=font, anchor="ms")
    for row in data["rows"]:
        draw.text((data["label_x"] * scale, (row["y"] + CELL / 2) * scale), row["name"], fill="black", font=font,
                  anchor="lm")
        for cell in row["cells"]:
            _cell(draw, cell["x"], cell["y"], cell["fill"], cell["mark"], scale, font)
    for item in data["legend"]:
        _cell(draw, item["x"], data["legend_y"], item["fill"], item["mark"], scale, font)
        draw.text(((item["x"] + CELL + 6) * scale, (data["legend_y"] + CELL / 2) * scale),
                  item["verdict"].replace("_", " "), fill="black", font=font, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _cell(draw: ImageDraw.ImageDraw, x: float, y: float, fill: str, mark: str, scale: int,
          font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> None:
    box = [(x + 2) * scale, (y + 2) * scale, (x + CELL - 2) * scale, (y + CELL - 2) * scale]
    draw.rectangle(box, fill=fill, outline="#d0d7de", width=scale)
    if mark:
        draw.text(((x + CELL / 2) * scale, (y + CELL / 2) * scale), mark, fill="white", font=font, anchor="mm")
