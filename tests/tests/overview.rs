//! What the desktop app's overview screens show, checked against the
//! records themselves: the dashboard's counts, overdue activities,
//! indicators due, and the plan entry an activity is added to.

use accord_core::model::*;
use accord_core::workspace::today;
use accord_scenarios::*;
use uuid::Uuid;

#[test]
fn the_dashboard_counts_each_organisations_current_view() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = accord_core::demo::create(&tmp.path().join("demo")).unwrap();
    let d = ws.dashboard().unwrap();
    assert_eq!(d.recommendations, 204);
    for org in ["MOJHA", "NHRCM", "HRNGOF"] {
        let id = org_id(&ws, org);
        let counted: u32 = d
            .overall
            .iter()
            .filter(|c| c.org == id)
            .map(|c| c.count)
            .sum();
        let current = ws
            .store()
            .all::<Recommendation>()
            .unwrap()
            .iter()
            .filter(|r| {
                let levels = ws.store().current_levels(r.id).unwrap();
                levels.iter().any(|(o, _, _)| *o == id)
            })
            .count() as u32;
        assert_eq!(counted, current, "{org}");
        // Every grouping covers the same assessments once per group value.
        let by_mechanism: u32 = d
            .by_mechanism
            .iter()
            .filter(|c| c.org == id)
            .map(|c| c.count)
            .sum();
        assert_eq!(by_mechanism, counted, "{org} by mechanism");
    }
    let today = today();
    assert!(!d.overdue.is_empty(), "the demo has overdue activities");
    assert!(d.overdue.len() <= 20 && d.overdue_total as usize >= d.overdue.len());
    assert_eq!(
        d.overdue_total as usize,
        ws.overdue_activities().unwrap().len()
    );
    for a in &d.overdue {
        assert!(a.overdue && a.activity.is_overdue(today));
        // A plan entry is for a recommendation or for a cluster.
        assert_eq!(a.recommendation.is_some(), a.recommendation_code.is_some());
    }
    let due: Vec<_> = d.indicators_due.iter().map(|i| i.due.clone()).collect();
    let mut sorted = due.clone();
    sorted.sort();
    assert_eq!(due, sorted, "most urgent first");
}

#[test]
fn an_activity_added_to_a_recommendation_without_a_plan_gets_one() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("gov"));
    let rec = rec_id(&ws, "107.1");
    let entry = ws.plan_entry_for(rec).unwrap();
    assert_eq!(ws.plan_entry_for(rec).unwrap(), entry, "made once");
    let a = Activity {
        id: Uuid::new_v4(),
        plan: entry,
        title_en: "Draft the bill".into(),
        end: Some("2020-01-31".into()),
        ..Default::default()
    };
    ws.create(&a, "add").unwrap();
    let rows = ws.activities().unwrap();
    let row = rows.iter().find(|r| r.activity.id == a.id).unwrap();
    assert_eq!(row.recommendation, Some(rec));
    assert_eq!(row.recommendation_code.as_deref(), Some("107.1"));
    assert!(row.overdue, "planned, and its end date has passed");
    assert!(ws.plan_entry_for(Uuid::new_v4()).is_err());
}
