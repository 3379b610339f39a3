"""A chart shows the figures of the table beside it, in proportion."""

from portal.web.charts import bar_chart


def test_bars_are_in_proportion_on_an_axis_that_starts_at_zero_and_ends_on_a_round_number():
    chart = bar_chart(
        title="Support calls by council",
        axis_label="Calls held",
        categories=["Northshire", "Southshire"],
        series=[("2025/26", [37, 74])],
    )
    [north], [south] = (group.bars for group in chart.groups)
    assert abs(south.width - 2 * north.width) < 0.2  # rounded to a tenth of a unit
    assert [tick.text for tick in chart.ticks] == ["0", "25", "50", "75", "100"]
    assert (north.text, south.text) == ("37", "74")


def test_a_figure_not_shown_draws_no_bar_and_every_category_keeps_its_label():
    chart = bar_chart(
        title="Agreement",
        axis_label="Share who agreed (%)",
        categories=["1. The process from application to approval was explained well to me"],
        series=[("2024/25", [None]), ("2025/26", [64])],
        unit="%",
        maximum=100,
    )
    [group] = chart.groups
    assert [bar.text for bar in group.bars] == ["64%"]
    statement = "1. The process from application to approval was explained well to me"
    assert " ".join(group.label_lines) == statement
    assert len(group.label_lines) > 1  # wrapped, so it fits beside a phone's edge
    assert [(key.label, key.colour) for key in chart.legend] == [
        ("2024/25", "#505a5f"),
        ("2025/26", "#1d70b8"),
    ]
