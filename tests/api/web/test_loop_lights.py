"""The supervision loop feeds the map lights and GraphQL: an overdue task × unit is red on the
unit's map and in `status`/`supervision`, and 已办结 turns it green, through the real app.

Notice 枣市监中心字〔2019〕1号 gives 二.(一) 培育知识产权优势企业 to seven bureaus, due 2022-12-31;
枣庄市市中区市场监督管理局 owns no target, so before the loop its unit node has no light.
"""

import datetime as dt
import io
import re
import threading
from typing import Any

from openpyxl import load_workbook

from dutygraph.api.accounts import exclusive
from dutygraph.api.locking import locked
from dutygraph.api.web import pages
from dutygraph.graph.supervision.lights import loop_lights
from dutygraph.visualize.labels import node_name
from dutygraph.visualize.svg_doc import SvgDoc, read_svg
from tests.api.conftest import AUTH, Api, data

AS_OF = "2024-12-10"
TASK = "t:n215db929d3:二.(一)"
OTHER = "t:n215db929d3:二.(二)"
"""The unit's other overdue task (due 2022-12-31 too)."""
BUREAU = "u:枣庄市市中区市场监督管理局"
DIRECT = "t:na3a8e7f37d:三.(三).1"
"""提升行政保护质效: the bureau leads it, 区司法局 co-owns it (both owners by name)."""

QUERY = """
query($task: String!, $unit: String!, $day: Date) {
  task(id: $task) {
    status(asOf: $day) { colour explanationZh }
    supervision(asOf: $day) {
      status overdue unreported reminders light { colour }
      units { unitId status overdue reminders light lightZh why }
    }
  }
  unit(id: $unit) { status(asOf: $day) { colour explanationZh } }
}
"""


def _lights(api: Api) -> dict[str, Any]:
    """The fill class of the bureau and its two overdue tasks on the bureau's own map, and
    the light cell of 二.(一) in the page's table of its duties."""
    r = api.client.get(pages.map_path("unit", BUREAU, as_of=AS_OF))
    assert r.status_code == 200
    doc: SvgDoc = read_svg(r.text[r.text.index("<svg") : r.text.index("</svg>") + 6])
    out: dict[str, Any] = {}
    for node in (BUREAU, TASK, OTHER):
        classes = doc.nodes[node_name(node)].classes
        found = [c.removeprefix("status-") for c in classes if c.startswith("status-")]
        out[node] = found[0] if found else None
    start = r.text.index("二.(一) 培育知识产权优势企业</a></td>")  # the row links to its task page
    row = r.text[start : r.text.index("</tr>", start)]
    out["table"] = re.findall(r'class="status (\w+)">([^<]+)</td><td class="note">([^<]*)', row)[0]
    return out


def _ask(api: Api) -> dict[str, Any]:
    return data(api.gql(QUERY, {"task": TASK, "unit": BUREAU, "day": AS_OF}))


def _mine(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in rows if r["unitId"] == BUREAU)


def _step(api: Api, mutation: str, task: str, note: str = "") -> None:
    args = f'taskId: "{task}", unit: "{BUREAU}", day: "{AS_OF}"'
    args += f', note: "{note}"' if note else ""
    body = api.gql(f"mutation {{ {mutation}({args}) {{ status }} }}", headers=AUTH)
    data(body)


def test_overdue_duty_is_red_on_the_map_and_in_graphql_until_closed(fresh_api: Api) -> None:
    # Before the office runs the loop the lights are number-only: the bureau owns no target.
    lights = _lights(fresh_api)
    assert lights.pop("table")[:2] == ("red", "红灯")  # its deadline passed (numbers only)
    assert lights == {BUREAU: None, TASK: "red", OTHER: "red"}
    before = _ask(fresh_api)
    assert before["unit"]["status"]["colour"] == "grey"
    loop = before["task"]["supervision"]
    assert (loop["status"], loop["overdue"], len(loop["units"])) == ("已交办", True, 7)
    assert _mine(loop["units"])["why"] == "已超过完成时限，尚未办结"

    _step(fresh_api, "remindTask", TASK)  # the office starts the loop with a 催办
    lights = _lights(fresh_api)
    assert lights.pop("table") == (
        "red",
        "红灯",
        "枣庄市市中区市场监督管理局：已交办，已超过完成时限，尚未办结（红灯）",
    )
    assert lights == {BUREAU: "red", TASK: "red", OTHER: "red"}
    reminded = _ask(fresh_api)
    assert reminded["unit"]["status"]["colour"] == "red"
    assert "已超过完成时限，尚未办结" in reminded["unit"]["status"]["explanationZh"]
    mine = _mine(reminded["task"]["supervision"]["units"])
    assert (mine["status"], mine["overdue"], mine["reminders"], mine["light"]) == (
        "已交办",
        True,
        1,
        "red",
    )
    assert reminded["task"]["supervision"]["reminders"] == 1

    _step(fresh_api, "closeTask", TASK, "已完成培育")
    _step(fresh_api, "closeTask", OTHER, "已完成")
    # Its own map: both tasks closed for this bureau are green; the bureau is no longer red
    # (its other tasks are only unsigned).
    lights = _lights(fresh_api)
    assert lights.pop("table")[:2] == ("green", "绿灯")
    assert lights == {BUREAU: "yellow", TASK: "green", OTHER: "green"}
    closed = _ask(fresh_api)
    mine = _mine(closed["task"]["supervision"]["units"])
    assert (mine["status"], mine["overdue"], mine["light"], mine["lightZh"]) == (
        "已办结",
        False,
        "green",
        "绿灯",
    )
    assert closed["unit"]["status"]["colour"] == "yellow"
    # The six other bureaus are still overdue: the task as a whole stays red.
    task = closed["task"]
    assert task["status"]["colour"] == task["supervision"]["light"]["colour"] == "red"
    assert task["supervision"]["overdue"] and task["supervision"]["status"] == "已交办"


def test_a_task_closed_for_every_unit_is_green(fresh_api: Api) -> None:
    for row in _ask(fresh_api)["task"]["supervision"]["units"]:
        body = fresh_api.gql(
            "mutation($t: String!, $u: String!) {"
            ' closeTask(taskId: $t, unit: $u, note: "完成", day: "2024-12-10") { status } }',
            {"t": TASK, "u": row["unitId"]},
            headers=AUTH,
        )
        assert data(body)["closeTask"]["status"] == "已办结"
    task = _ask(fresh_api)["task"]
    assert task["status"] == {
        "colour": "green",
        "explanationZh": "任务“培育知识产权优势企业”：已办结。",
    }
    assert task["supervision"]["status"] == "已办结" and not task["supervision"]["overdue"]


def test_loop_lights_do_not_queue_behind_a_write(fresh_api: Api) -> None:
    """A write holds the server's store lock; the loop-fed lights read the file without it."""
    _step(fresh_api, "remindTask", TASK)
    shared = locked(fresh_api.backend)
    held, release = threading.Event(), threading.Event()

    def writer() -> None:
        with exclusive(shared):
            held.set()
            release.wait()

    seen: list[str] = []

    def reader() -> None:
        g = shared.snapshot()
        seen.append(loop_lights(shared, g, dt.date(2024, 12, 10)).status(BUREAU).colour)

    w = threading.Thread(target=writer)
    w.start()
    held.wait()
    r = threading.Thread(target=reader)
    try:
        r.start()
        r.join(60)  # not a timing: a reader that took the lock would still be waiting
        assert not r.is_alive() and seen == ["red"]
    finally:
        release.set()
        w.join()
        r.join()


def _owner_cells(api: Api) -> dict[str, tuple[str, str]]:
    """Owner -> (light class, light word) on the task page of 004's 三.(三).1."""
    r = api.client.get(pages.task_path(DIRECT) + f"?as_of={AS_OF}")
    assert r.status_code == 200
    table = r.text[r.text.index('<table class="card owners">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r'>([^<>]+)</a></td><td class="status (\w*)">([^<]*)</td></tr>', table)
    return {unit: (colour, word) for unit, colour, word in cells}


def test_task_page_shows_each_owners_own_light(fresh_api: Api) -> None:
    """Nine owners, each with its own light: none has numbers before the loop starts; once the
    bureau closes its part it is green while the eight others, unsigned, are yellow."""
    before = _owner_cells(fresh_api)
    assert len(before) == 9 and set(before.values()) == {("grey", "无目标")}
    _step(fresh_api, "closeTask", DIRECT, "已完成")
    after = _owner_cells(fresh_api)
    assert after.pop("枣庄市市中区市场监督管理局") == ("green", "绿灯")
    assert len(after) == 8 and set(after.values()) == {("yellow", "黄灯")}
    assert after["枣庄市市中区司法局"] == ("yellow", "黄灯")


def test_the_loops_overdue_duty_is_a_finding_on_the_gaps_page_as_in_graphql(
    fresh_api: Api,
) -> None:
    # One list in both: find_gaps' findings, then the loop's overdue and unreported duties.
    query = """query($u: String) { gaps(asOf: "2024-12-10", unit: $u, kinds: ["reports"], limit: 100)
        { totalCount items { kind explanationZh } } }"""
    unit = "枣庄市市中区市场监督管理局"
    before = data(fresh_api.gql(query, {"u": unit}))["gaps"]
    _step(fresh_api, "remindTask", TASK)
    after = data(fresh_api.gql(query, {"u": unit}))["gaps"]
    added = [f for f in after["items"] if f not in before["items"]]
    assert len(added) == after["totalCount"] - before["totalCount"] >= 1
    assert any("已催办1次" in f["explanationZh"] for f in added)
    page = fresh_api.client.get("/gaps", params={"as_of": AS_OF, "unit": unit, "kind": "reports"})
    assert page.status_code == 200
    assert f"共{after['totalCount']}项" in page.text
    assert "已催办1次" in page.text
    book = fresh_api.client.get(
        "/gaps.xlsx", params={"as_of": AS_OF, "unit": unit, "kind": "reports"}
    )
    assert book.status_code == 200
    sheets = load_workbook(io.BytesIO(book.content)).worksheets  # one per kind
    cells = [str(c) for ws in sheets for row in ws.values for c in row if c]
    assert sum("已催办1次" in c for c in cells) == 1
