"""FakeAsana's generic engine through the SDK: CRUD round trips, lists scoped to a parent,
filters, pagination, ``opt_fields``, refusals, and the particular behaviour of goals,
portfolios, statuses, time tracking and memberships (on Client and AsyncClient)."""

from __future__ import annotations

from typing import Any

import pytest
from typing_extensions import assert_type

from asana_typed import Client, InvalidRequestError, NotFoundError, RequestOptions
from asana_typed.testing import FakeAsana


def test_a_created_category_is_seen_by_get_list_update_and_delete(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    workspace = fake.workspace["gid"]
    created = inprocess_client.time_tracking_categories.create_time_tracking_category(
        {"name": "Design", "workspace": workspace, "color": "blue"}
    )
    gid = created.gid
    assert (
        inprocess_client.time_tracking_categories.get_time_tracking_category(gid).name == "Design"
    )
    listed = inprocess_client.time_tracking_categories.get_time_tracking_categories(
        {"workspace": workspace}
    )
    assert [c.gid for c in listed] == [gid]
    inprocess_client.time_tracking_categories.update_time_tracking_category(
        gid, {"is_archived": True}
    )
    again = inprocess_client.time_tracking_categories.get_time_tracking_category(gid)
    assert (again.name, again.is_archived) == ("Design", True)
    inprocess_client.time_tracking_categories.delete_time_tracking_category(gid)
    with pytest.raises(NotFoundError):
        inprocess_client.time_tracking_categories.get_time_tracking_category(gid)
    assert fake.get_record("time_tracking_category", gid) is None


def test_created_roles_and_ooo_entries_round_trip(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    role = inprocess_client.roles.create_role(
        {
            "name": "Reviewer",
            "description": "Reads",
            "base_role_type": "member",
            "workspace": fake.workspace["gid"],
        }
    )
    inprocess_client.roles.update_role(role.gid, {"name": "Senior reviewer"})
    assert [
        r.name for r in inprocess_client.roles.get_roles({"workspace": fake.workspace["gid"]})
    ] == ["Senior reviewer"]
    entry = inprocess_client.ooo_entries.create_ooo_entry(
        {
            "user": "me",
            "workspace": fake.workspace["gid"],
            "start_date": "2026-03-02",
            "end_date": "2026-03-06",
        }
    )
    assert entry.user is not None and entry.user.gid == fake.me["gid"]
    inprocess_client.ooo_entries.update_ooo_entry(entry.gid, {"end_date": "2026-03-09"})
    assert inprocess_client.ooo_entries.get_ooo_entry(entry.gid).end_date is not None
    assert str(inprocess_client.ooo_entries.get_ooo_entry(entry.gid).end_date) == "2026-03-09"


def test_lists_are_scoped_to_their_parent(fake: FakeAsana, inprocess_client: Client) -> None:
    first = fake.add_task(name="First")["gid"]
    second = fake.add_task(name="Second")["gid"]
    entries = inprocess_client.time_tracking_entries
    entries.create_time_tracking_entry(first, {"duration_minutes": 30, "entered_on": "2026-03-02"})
    entries.create_time_tracking_entry(first, {"duration_minutes": 15, "entered_on": "2026-03-03"})
    entries.create_time_tracking_entry(second, {"duration_minutes": 5, "entered_on": "2026-03-03"})
    assert [e.duration_minutes for e in entries.get_time_tracking_entries_for_task(first)] == [
        30,
        15,
    ]
    assert fake.get_record("task", first)["actual_time_minutes"] == 45  # type: ignore[index]
    on_the_third = entries.get_time_tracking_entries({"entered_on_start_date": "2026-03-03"})
    assert sorted(e.duration_minutes or 0 for e in on_the_third) == [5, 15]


def test_a_generic_list_is_paginated(fake: FakeAsana, inprocess_client: Client) -> None:
    for name in ("a", "b", "c"):
        fake.add_object("time_tracking_category", name=name)
    fake.clear_requests()
    categories = inprocess_client.time_tracking_categories.get_time_tracking_categories(
        {"workspace": fake.workspace["gid"]}, options=RequestOptions(page_size=2)
    )
    assert [c.name for c in categories] == ["a", "b", "c"]
    assert len(fake.requests) == 2


def test_opt_fields_choose_what_a_generic_object_shows(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    goal = inprocess_client.goals.create_goal({"name": "Grow", "workspace": fake.workspace["gid"]})
    body = inprocess_client.goals.get_goal(
        goal.gid, {"opt_fields": ["name", "owner.name"]}, full_payload=True
    )
    assert body["data"] == {
        "gid": goal.gid,
        "name": "Grow",
        "owner": {"gid": fake.me["gid"], "name": fake.me["name"]},
    }


def test_a_missing_required_field_is_asanas_400(fake: FakeAsana, inprocess_client: Client) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        inprocess_client.time_tracking_categories.create_time_tracking_category(  # type: ignore[call-overload]
            {"workspace": fake.workspace["gid"]}
        )
    assert raised.value.status == 400
    assert [e["message"] for e in raised.value.errors] == ["name: Missing input"]
    assert "help" in raised.value.errors[0]
    with pytest.raises(InvalidRequestError, match="parent: Missing input"):
        inprocess_client.budgets.get_budgets({})  # type: ignore[call-overload]
    assert fake.records("time_tracking_category") == []


def test_unknown_gids_are_404_in_paths_and_400_in_bodies(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    with pytest.raises(NotFoundError):
        inprocess_client.portfolios.get_portfolio("404404")
    with pytest.raises(InvalidRequestError, match="Not a recognized ID: 404404"):
        inprocess_client.allocations.create_allocation(
            {
                "parent": "404404",
                "assignee": "me",
                "start_date": "2026-03-02",
                "end_date": "2026-03-06",
            }
        )


def test_generic_objects_carry_their_workspace(fake: FakeAsana, inprocess_client: Client) -> None:
    project = fake.add_project(name="P")["gid"]
    status = inprocess_client.project_statuses.create_project_status_for_project(
        project, {"title": "Fine", "text": "All good", "color": "green"}
    )
    record = fake._store.find("project_status", status.gid)
    assert record is not None and record["_workspace"] == fake.workspace["gid"]


def test_portfolio_items_keep_their_order_and_settings(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    first, second = (fake.add_project(name=n)["gid"] for n in ("First", "Second"))
    portfolios = inprocess_client.portfolios
    portfolio = portfolios.create_portfolio({"name": "All", "workspace": fake.workspace["gid"]})
    portfolios.add_item_for_portfolio(portfolio.gid, {"item": first})
    portfolios.add_item_for_portfolio(portfolio.gid, {"item": second, "insert_before": first})
    assert [p.name for p in portfolios.get_items_for_portfolio(portfolio.gid)] == [
        "Second",
        "First",
    ]
    settings = inprocess_client.project_portfolio_settings
    listed = settings.get_project_portfolio_settings_for_portfolio(portfolio.gid)
    assert sorted(s.project.gid for s in listed if s.project) == sorted([first, second])
    portfolios.remove_item_for_portfolio(portfolio.gid, {"item": second})
    assert [p.name for p in portfolios.get_items_for_portfolio(portfolio.gid)] == ["First"]
    assert len(list(settings.get_project_portfolio_settings_for_project(second))) == 0


def test_portfolio_members_have_memberships(fake: FakeAsana, inprocess_client: Client) -> None:
    other = fake.add_user(name="Other")["gid"]
    portfolio = inprocess_client.portfolios.create_portfolio(
        {"name": "All", "workspace": fake.workspace["gid"]}
    )
    inprocess_client.portfolios.add_members_for_portfolio(portfolio.gid, {"members": [other]})
    memberships = inprocess_client.portfolio_memberships.get_portfolio_memberships_for_portfolio(
        portfolio.gid
    )
    assert sorted(m.user.gid for m in memberships if m.user) == sorted([fake.me["gid"], other])
    inprocess_client.portfolios.remove_members_for_portfolio(portfolio.gid, {"members": [other]})
    memberships = inprocess_client.portfolio_memberships.get_portfolio_memberships(
        {"portfolio": portfolio.gid}
    )
    assert [m.user.gid for m in memberships if m.user] == [fake.me["gid"]]


def test_a_project_status_becomes_current_until_deleted(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    project = fake.add_project(name="P")["gid"]
    statuses = inprocess_client.project_statuses
    status = statuses.create_project_status_for_project(
        project, {"title": "Fine", "text": "All good", "color": "green"}
    )
    assert [s.gid for s in statuses.get_project_statuses_for_project(project)] == [status.gid]
    current = inprocess_client.projects.get_project(project).current_status
    assert current is not None and current.gid == status.gid
    statuses.delete_project_status(status.gid)
    assert inprocess_client.projects.get_project(project).current_status is None


def test_status_updates_are_listed_by_parent(fake: FakeAsana, inprocess_client: Client) -> None:
    project = fake.add_project(name="P")["gid"]
    update = inprocess_client.status_updates.create_status_for_object(
        {"parent": project, "text": "On track", "status_type": "on_track"}
    )
    assert update.resource_subtype == "project_status_update"
    listed = inprocess_client.status_updates.get_statuses_for_object({"parent": project})
    assert [u.gid for u in listed] == [update.gid]


def test_goal_metric_relationships_and_parents(fake: FakeAsana, inprocess_client: Client) -> None:
    workspace = fake.workspace["gid"]
    company = inprocess_client.goals.create_goal({"name": "Company", "workspace": workspace})
    team = inprocess_client.goals.create_goal({"name": "Team", "workspace": workspace})
    with pytest.raises(InvalidRequestError, match="no metric"):
        inprocess_client.goals.update_goal_metric(company.gid, {"current_number_value": 1})
    inprocess_client.goals.create_goal_metric(
        company.gid, {"unit": "percentage", "target_number_value": 100, "precision": 0}
    )
    goal = inprocess_client.goals.update_goal_metric(company.gid, {"current_number_value": 40})
    assert goal.metric is not None
    assert (goal.metric.current_number_value, goal.metric.current_display_value) == (40, "40%")
    relationship = inprocess_client.goal_relationships.add_supporting_relationship(
        company.gid, {"supporting_resource": team.gid, "contribution_weight": 0.5}
    )
    assert relationship.resource_subtype == "subgoal"
    assert [g.name for g in inprocess_client.goals.get_parent_goals_for_goal(team.gid)] == [
        "Company"
    ]
    listed = inprocess_client.goal_relationships.get_goal_relationships(
        {"supported_goal": company.gid}
    )
    assert [r.gid for r in listed] == [relationship.gid]
    inprocess_client.goal_relationships.remove_supporting_relationship(
        company.gid, {"supporting_resource": team.gid}
    )
    assert list(inprocess_client.goals.get_parent_goals_for_goal(team.gid)) == []


def test_goal_stories_are_comments_on_the_goal(fake: FakeAsana, inprocess_client: Client) -> None:
    goal = inprocess_client.goals.create_goal({"name": "Grow", "workspace": fake.workspace["gid"]})
    story = inprocess_client.stories.create_story_for_goal(goal.gid, {"text": "Nice progress"})
    assert [s.text for s in inprocess_client.stories.get_stories_for_goal(goal.gid)] == [
        "Nice progress"
    ]
    assert inprocess_client.stories.get_story(story.gid).target is not None


def test_team_memberships_by_team_and_by_user(fake: FakeAsana, inprocess_client: Client) -> None:
    team = fake.add_team(name="Team")["gid"]
    by_team = list(inprocess_client.team_memberships.get_team_memberships_for_team(team))
    by_user = inprocess_client.team_memberships.get_team_memberships_for_user(
        "me", {"workspace": fake.workspace["gid"]}
    )
    assert [m.gid for m in by_team] == [m.gid for m in by_user]
    assert inprocess_client.team_memberships.get_team_membership(by_team[0].gid).team.gid == team  # type: ignore[union-attr]


def test_seeded_objects_of_read_only_types_are_served(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    agent = fake.add_object("agent", name="Helper")
    assert_type(agent, dict[str, Any])
    assert agent["workspace"]["gid"] == fake.workspace["gid"]
    listed = inprocess_client.agents.get_agents_for_workspace(fake.workspace["gid"])
    assert [a.name for a in listed] == ["Helper"]
    assert inprocess_client.agents.get_agent(agent["gid"]).name == "Helper"


def test_the_audit_log_shows_changes_made_through_the_api(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    inprocess_client.time_tracking_categories.create_time_tracking_category(
        {"name": "Design", "workspace": fake.workspace["gid"]}
    )
    events = inprocess_client.audit_log_api.get_audit_log_events(fake.workspace["gid"])
    assert "time_tracking_category_added" in [e.event_type for e in events]


def test_a_duplicated_portfolio_is_named_by_a_finished_job(
    fake: FakeAsana, inprocess_client: Client
) -> None:
    project = fake.add_project(name="P")["gid"]
    portfolios = inprocess_client.portfolios
    source = portfolios.create_portfolio({"name": "All", "workspace": fake.workspace["gid"]})
    portfolios.add_item_for_portfolio(source.gid, {"item": project})
    job = portfolios.duplicate_portfolio(source.gid, {"name": "Copy"})
    assert job.status == "succeeded" and job.new_portfolio is not None
    copy = job.new_portfolio.gid
    assert portfolios.get_portfolio(copy).name == "Copy"
    assert [p.gid for p in portfolios.get_items_for_portfolio(copy)] == [project]
    portfolios.remove_item_for_portfolio(copy, {"item": project})
    assert [p.gid for p in portfolios.get_items_for_portfolio(source.gid)] == [project]


def test_a_refused_create_leaves_nothing_behind(fake: FakeAsana, inprocess_client: Client) -> None:
    task = fake.add_task(name="T")["gid"]
    with pytest.raises(InvalidRequestError, match="parent: Must be a project, portfolio or goal"):
        inprocess_client.status_updates.create_status_for_object(
            {"parent": task, "text": "Fine", "status_type": "on_track"}
        )
    with pytest.raises(InvalidRequestError, match="color: Must be one of"):
        categories = inprocess_client.time_tracking_categories
        categories.create_time_tracking_category(  # type: ignore[call-overload]
            {"name": "X", "workspace": fake.workspace["gid"], "color": "plaid"}
        )
    assert fake.records("status_update") == []
    assert fake.records("time_tracking_category") == []
