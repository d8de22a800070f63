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
    let d = ws.dashboard(None).unwrap();
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

#[test]
fn the_dashboard_and_the_list_show_one_upr_cycle_with_the_other_mechanisms() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = accord_core::demo::create(&tmp.path().join("demo")).unwrap();
    // A list of the next cycle arrives beside the demo's second.
    let list = docx(&[
        vec![
            vec!["Recommendation"],
            vec!["Position"],
            vec!["Full list of themes"],
            vec!["Assessment/comments on level of implementation"],
        ],
        vec![
            vec![
                "115.1 Ratify the Optional Protocol to the Convention against Torture (Denmark);",
                "Source of position: A/HRC/46/9/Add.1 - Para. 2",
            ],
            vec!["Supported"],
            vec!["- Death penalty"],
            vec![""],
        ],
    ]);
    ws.import_bytes("cycle3.docx", &list, &Default::default())
        .unwrap();
    let (upr2, upr3, others) = (164, 1, 40);
    assert_eq!(
        ws.dashboard(None).unwrap().recommendations,
        upr2 + upr3 + others
    );
    let third = ws.dashboard(Some(3)).unwrap();
    assert_eq!(
        (third.cycle, third.recommendations),
        (Some(3), upr3 + others)
    );
    assert_eq!(
        ws.dashboard(Some(2)).unwrap().recommendations,
        upr2 + others
    );
    // The counts of a cycle count only what it shows.
    let counted: u32 = third
        .by_mechanism
        .iter()
        .filter(|c| c.group == "upr")
        .map(|c| c.count)
        .sum();
    assert_eq!(
        counted, 0,
        "the new cycle's recommendation is not assessed yet"
    );
    let listed = |cycle: Option<u32>| {
        ws.store()
            .list(&accord_core::store::query::ListFilter {
                upr_cycle: cycle,
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .total as u32
    };
    assert_eq!(listed(Some(3)), upr3 + others);
    assert_eq!(listed(Some(2)), upr2 + others);
    assert_eq!(listed(None), upr2 + upr3 + others);
}
