"""Chart geometry (clinic/treatment/charts.py): values map into the plot box, gaps split a line, bars stack."""

from clinic.treatment.charts import Line, Reference, Stack, axis, bar_chart, line_chart, nice_step


def test_the_axis_is_on_nice_steps_around_the_data():
    assert nice_step(100) == 20 and nice_step(7) == 2 and nice_step(0) == 1
    assert axis(132, 187) == (120, 200, 20)
    assert axis(5, 5) == (4, 6, 0.5)


def test_a_line_maps_values_into_the_box_and_a_missing_value_splits_it():
    chart = line_chart(categories=["1", "2", "3"], lines=[Line("Before", [120, None, 160])], y_min=100, y_max=200)
    box = chart["box"]
    [line] = chart["lines"]
    assert len(line["segments"]) == 2 and len(line["dots"]) == 2
    low, high = line["dots"]
    assert box.top <= high["y"] < low["y"] <= box.bottom
    assert chart["y_ticks"][0]["label"] == "100" and chart["y_ticks"][-1]["label"] == "200"
    assert [t["label"] for t in chart["x_ticks"]] == ["1", "2", "3"]


def test_a_reference_line_sits_at_its_value():
    chart = line_chart(categories=["1"], lines=[Line("x", [100])], references=[Reference("Limit", 200)], y_min=100)
    assert chart["references"][0]["y"] == chart["box"].top  # 200 is the top of a 100–200 axis


def test_bars_stack_bottom_up():
    chart = bar_chart(categories=["1", "2"], stacks=[Stack("Mild", [2, 0]), Stack("Severe", [1, 0])])
    mild, severe = chart["bars"]
    assert (mild["count"], severe["count"]) == (2, 1)
    assert abs(severe["y"] + severe["height"] - mild["y"]) < 0.2  # severe sits on top of mild
    assert chart["legend"] == [{"label": "Mild", "css": "series-0"}, {"label": "Severe", "css": "series-0"}]


def test_an_empty_chart_still_has_axes():
    chart = line_chart(categories=[], lines=[Line("x", [])])
    assert chart["lines"][0]["segments"] == [] and chart["y_ticks"]
    assert bar_chart(categories=[], stacks=[])["bars"] == []
