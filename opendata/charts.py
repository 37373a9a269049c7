"""Geometry of the results charts, drawn as SVG by a template (opendata/includes/chart.html).

Why our own small module and a template rather than a charting library: the charts must be
readable without JavaScript (so no client-side library), mirror for Persian (bars growing
from the inline start, the value axis on the right, Persian digits) and carry accessible
names, descriptions and a table of the same numbers. Server-side libraries that emit SVG
(matplotlib, pygal) either draw text as paths, which screen readers and translators cannot
read, or leave little control over direction, digits and the markup axe checks. Horizontal
bars and one line over days are a few rectangles and a polyline: a page of arithmetic here
is simpler to keep correct than a dependency to bend.

Every function returns plain numbers and strings; nothing here knows about HTTP or the ORM.
Coordinates are computed left to right and mirrored (x -> WIDTH - x) for right-to-left pages.
"""

from dataclasses import dataclass, field
from datetime import date

from civic.i18n import localize_digits, uses_persian

WIDTH = 480
BAR_HEIGHT = 22
ROW_GAP = 12
LABEL_GAP = 18  # room for the row's label above its bar
PAD = 8
VALUE_ROOM = 48  # room after the longest bar for its number
LINE_HEIGHT = 240
AXIS_ROOM = 40  # room for the value axis' numbers
DATE_ROOM = 28  # room under the line for the first and last day


@dataclass
class Bar:
    label: str
    value: int
    shown: str  # the value in the reader's digits
    x: float
    y: float
    width: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    rtl: bool
    anchor: str = "start"


def _mirror(x: float, width: float, rtl: bool, span: float = 0) -> float:
    """The x of something `span` wide at `x` from the inline start."""
    return round(WIDTH - x - span, 2) if rtl else round(x, 2)


def bar_chart(rows: list[dict], *, rtl: bool | None = None) -> BarChart:
    """Horizontal bars, one per row ({"label", "count"}), growing from the inline start."""
    rtl = uses_persian() if rtl is None else rtl
    top = max((row["count"] for row in rows), default=0) or 1
    room = WIDTH - 2 * PAD - VALUE_ROOM
    bars = []
    y = PAD
    for row in rows:
        bar_y = y + LABEL_GAP
        length = round(room * row["count"] / top, 2) if row["count"] else 0
        bars.append(
            Bar(
                label=str(row["label"]),
                value=row["count"],
                shown=localize_digits(row["count"]),
                x=_mirror(PAD, WIDTH, rtl, length),
                y=bar_y,
                width=length,
                label_x=_mirror(PAD, WIDTH, rtl),
                label_y=bar_y - 6,
                value_x=_mirror(PAD + length + 6, WIDTH, rtl),
                value_y=bar_y + BAR_HEIGHT - 6,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return BarChart(bars=bars, width=WIDTH, height=round(y + PAD - ROW_GAP), rtl=rtl)


@dataclass
class Tick:
    value: str
    y: float
    label_x: float


@dataclass
class LineChart:
    points: str  # the polyline's points
    area: str  # the filled area under the line
    dots: list[dict]
    ticks: list[Tick]
    first: dict
    last: dict
    width: int
    height: int
    rtl: bool
    plot_start: float
    plot_end: float
    axis_x: float
    baseline: float
    anchor: str = "start"
    days: list[dict] = field(default_factory=list)


def _ticks(top: int) -> list[int]:
    """Zero, the middle and the top, rounded to whole numbers, without repeats."""
    return sorted({0, round(top / 2), top})


def line_chart(days: list[dict], *, date_label, rtl: bool | None = None) -> LineChart | None:
    """A line over days ({"day", "count"}); time runs from the inline start, where the value
    axis stands (on the left in English, on the right in Persian). `date_label(day)` writes a
    day for the reader."""
    if not days:
        return None
    rtl = uses_persian() if rtl is None else rtl
    top = max(row["count"] for row in days) or 1
    plot_start, plot_end = AXIS_ROOM, WIDTH - PAD
    baseline, ceiling = LINE_HEIGHT - DATE_ROOM, PAD + 6
    span = plot_end - plot_start
    step = span / (len(days) - 1) if len(days) > 1 else 0
    coordinates = []
    for n, row in enumerate(days):
        x = plot_start + (n * step if len(days) > 1 else span / 2)
        y = baseline - (baseline - ceiling) * row["count"] / top
        coordinates.append((_mirror(x, WIDTH, rtl), round(y, 2), row))
    points = " ".join(f"{x},{y}" for x, y, _row in coordinates)
    first_x, last_x = coordinates[0][0], coordinates[-1][0]
    area = f"{first_x},{baseline} {points} {last_x},{baseline}"
    ticks = [
        Tick(
            value=localize_digits(value),
            y=round(baseline - (baseline - ceiling) * value / top, 2),
            label_x=_mirror(plot_start - 6, WIDTH, rtl),
        )
        for value in _ticks(top)
    ]
    dots = [{"x": x, "y": y} for x, y, _row in coordinates] if len(days) <= 60 else []

    def end(index: int) -> dict:
        x = coordinates[index][0]
        return {"x": x, "label": date_label(days[index]["day"])}

    return LineChart(
        points=points,
        area=area,
        dots=dots,
        ticks=ticks,
        first=end(0),
        last=end(-1),
        width=WIDTH,
        height=LINE_HEIGHT,
        rtl=rtl,
        plot_start=_mirror(plot_start, WIDTH, rtl),
        plot_end=_mirror(plot_end, WIDTH, rtl),
        axis_x=_mirror(plot_start, WIDTH, rtl),
        baseline=baseline,
        days=days,
    )


def day_label(day: date) -> str:
    """A short day for the axis: ISO in English, Jalali in Persian."""
    if uses_persian():
        from civic.i18n import jalali_date

        return jalali_date(day)
    return day.isoformat()
