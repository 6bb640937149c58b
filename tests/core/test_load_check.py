"""The consistency check of `make load` can fail: a lost acknowledged save and a refusal without a conflict."""

from demo.load import Stats, check


def test_check_passes_when_the_last_acknowledged_save_is_stored():
    stats = Stats()
    stats.acks += [(1, "a", 2), (1, "b", 3)]
    stats.writes += [(1.0, 1, "x-a"), (2.0, 1, "x-b")]
    stats.refusals.append((0.5, 1.5, 1, "x-b"))  # x-a wrote in between: a real conflict
    assert check(stats, {1: ("b", 4)})["ok"]


def test_check_finds_a_lost_save_and_a_false_refusal():
    stats = Stats()
    stats.acks += [(1, "a", 2), (1, "b", 3)]
    stats.refusals.append((5.0, 6.0, 1, "x-a"))  # nobody else wrote then
    result = check(stats, {1: ("a", 3)})
    assert result["lost_saves"] == 1 and result["false_refusals"] == 1 and not result["ok"]
