import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString

from indicators.charts import Series, format_number, line_chart

NS = {"svg": "http://www.w3.org/2000/svg"}

ON_TIME = Series("Tỷ lệ hồ sơ giải quyết đúng hạn", [(2021, 85), (2022, 90.5), (2023, 98.5), (2024, 97), (2025, 99)])
SATISFACTION = Series("Chỉ số SIPAS", [(2021, 80), (2022, None), (2023, 88), (2024, 91.25), (2025, 93)])


def _svg(chart: SafeString) -> ET.Element:
    return ET.fromstring(str(chart))  # noqa: S314 - our own output, not untrusted input


def _paths(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:path[@class='series-line']", NS)


def _markers(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:circle[@class='marker']", NS)


def _texts(root: ET.Element, cls: str) -> list[str]:
    return [el.text or "" for el in root.findall(f".//svg:text[@class='{cls}']", NS)]


def test_svg_envelope_is_well_formed_and_scalable():
    chart = line_chart([ON_TIME], title="Đúng hạn 2021–2025", unit="%")
    assert isinstance(chart, SafeString)
    root = _svg(chart)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 560 ")
    assert root.get("preserveAspectRatio") == "xMidYMid meet"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Đúng hạn 2021–2025"
    assert root.find("svg:title", NS).text == "Đúng hạn 2021–2025"
    assert 4 <= len(root.findall(".//svg:line[@class='grid']", NS)) <= 6
    assert _texts(root, "x-tick") == ["2021", "2022", "2023", "2024", "2025"]
    assert line_chart([ON_TIME], unit="%") == line_chart([ON_TIME], unit="%")  # deterministic


def test_one_path_per_series_and_markers_for_points_with_data():
    root = _svg(line_chart([ON_TIME, SATISFACTION]))
    assert len(_paths(root)) == 2
    assert len(_markers(root)) == 5 + 4
    dashes = [p.get("stroke-dasharray") for p in _paths(root)]
    assert dashes[0] != dashes[1]  # told apart without colour
    assert len(root.findall(".//svg:g[@class='legend-item']", NS)) == 2


def test_values_printed_in_vietnamese_format():
    root = _svg(line_chart([ON_TIME, SATISFACTION]))
    assert _texts(root, "value") == ["85", "90,5", "98,5", "97", "99", "80", "88", "91,3", "93"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (98.5, "98,5"),
        (1234, "1.234"),
        (90.0, "90"),
        (Decimal("1234567.84"), "1.234.567,8"),
        (-0.04, "0"),
        (-2.5, "-2,5"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_target_line_is_dashed_and_placed_between_matching_gridlines():
    root = _svg(line_chart([ON_TIME], unit="%", target=92, target_label="Mục tiêu ≥ 92%"))
    line = root.find(".//svg:line[@class='target-line']", NS)
    assert line is not None
    assert line.get("stroke-dasharray")
    grid = {float(g.get("data-value")): float(g.get("y1")) for g in root.findall(".//svg:line[@class='grid']", NS)}
    assert max(grid) == 100  # a percentage axis stops at 100
    below = max(v for v in grid if v <= 92)
    above = min(v for v in grid if v >= 92)
    assert grid[above] < float(line.get("y1")) < grid[below]  # SVG y grows downwards
    assert "Mục tiêu ≥ 92%" in _texts(root, "target-label")
    # With a target the legend appears even for a single series.
    legend = [t.text for t in root.findall(".//svg:g[@class='legend-item']/svg:text", NS)]
    assert legend == [ON_TIME.label, "Mục tiêu ≥ 92%"]


def test_gap_splits_the_line_into_two_segments():
    root = _svg(line_chart([SATISFACTION]))
    d = _paths(root)[0].get("d")
    assert d.count("M") == 2
    assert len(_markers(root)) == 4


def test_labels_are_escaped():
    root = _svg(line_chart([Series("<b>& Một cửa", [(2024, 1), (2025, 2)])], target=2, target_label="<i>&"))
    assert root.get("aria-label") == "<b>& Một cửa"
    legend = [t.text for t in root.findall(".//svg:g[@class='legend-item']/svg:text", NS)]
    assert legend == ["<b>& Một cửa", "<i>&"]
    assert root.find(".//svg:b", NS) is None and root.find(".//b") is None


@pytest.mark.parametrize("series", [[], [Series("Trống", [(2024, None), (2025, None)])]])
def test_empty_input_shows_placeholder(series):
    root = _svg(line_chart(series, title="Không có"))
    assert _texts(root, "empty") == ["Chưa có số liệu"]
    assert _paths(root) == []


@pytest.mark.parametrize(
    "points",
    [
        [(2025, 75)],  # a single point
        [(2021, 100), (2022, 100), (2023, 100)],  # flat line
        [(2021, 0), (2022, 0)],  # all zero
        [(2021, -5), (2022, -12.5), (2023, 3)],  # negative values
    ],
)
def test_degenerate_ranges_do_not_crash(points):
    root = _svg(line_chart([Series("Chỉ tiêu", points)], unit="%"))
    assert len(_markers(root)) == len(points)
    coords = [float(n) for m in _markers(root) for n in (m.get("cx"), m.get("cy"))]
    assert all(0 <= n <= 560 for n in coords)
    assert 4 <= len(root.findall(".//svg:line[@class='grid']", NS)) <= 6


def test_fixed_bounds_equal_min_and_max_do_not_divide_by_zero():
    root = _svg(line_chart([ON_TIME], y_min=50, y_max=50))
    assert len(_markers(root)) == 5


def test_decimal_inputs():
    par = Series("PAR INDEX", [(2023, Decimal("82.45")), (2024, Decimal("85.1")), (2025, Decimal("87"))])
    root = _svg(line_chart([par], unit="điểm", target=Decimal("85")))
    assert _texts(root, "value") == ["82,5", "85,1", "87"]
    assert _texts(root, "unit") == ["Đơn vị: điểm"]
    assert "Mục tiêu: 85 điểm" in _texts(root, "target-label")


def test_x_positions_increase_with_year_regardless_of_input_order():
    shuffled = Series("Hồ sơ", [(2025, 1500), (2021, 1200), (2023, 1234), (2022, 900)])
    root = _svg(line_chart([shuffled], unit="hồ sơ"))
    xs = [float(m.get("cx")) for m in _markers(root)]
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert _texts(root, "value") == ["1.200", "900", "1.234", "1.500"]
    d = _paths(root)[0].get("d")
    assert [float(x) for x in re.findall(r"[ML](-?[\d.]+) ", d)] == xs


def test_six_series_get_distinct_styles():
    series = [Series(f"Chỉ số {i}", [(2021, 10 * i), (2025, 10 * i + 5)]) for i in range(6)]
    root = _svg(line_chart(series))
    styles = {(p.get("stroke"), p.get("stroke-dasharray")) for p in _paths(root)}
    assert len(styles) == 6
    assert len({p.get("stroke-dasharray") for p in _paths(root)}) == 6
