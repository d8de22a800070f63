//! Property tests: random edits keep the working copy sound, a rebuilt index
//! equals the incremental one, and offices that exchange changes in any
//! order converge.

use accord_core::Workspace;
use accord_core::model::*;
use accord_scenarios::*;
use proptest::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Edit {
    Assess { rec: usize, level: usize, day: u8 },
    Text { rec: usize, text: String },
    Response { rec: usize, response: usize },
    States { rec: usize, states: Vec<String> },
    Archive { rec: usize, archived: bool },
    Activity { rec: usize, title: String },
}

const CODES: [&str; 4] = ["107.1", "107.2", "108.1", "CAT 8(a)"];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..4usize, 0..6usize, 1..28u8).prop_map(|(rec, level, day)| Edit::Assess {
            rec,
            level,
            day
        }),
        (0..4usize, "[a-zA-Zа-яөүА-Я ]{1,30}").prop_map(|(rec, text)| Edit::Text { rec, text }),
        (0..4usize, 0..4usize).prop_map(|(rec, response)| Edit::Response { rec, response }),
        (
            0..4usize,
            proptest::collection::vec("[A-Z][a-z]{2,8}", 0..4)
        )
            .prop_map(|(rec, states)| Edit::States { rec, states }),
        (0..4usize, any::<bool>()).prop_map(|(rec, archived)| Edit::Archive { rec, archived }),
        (0..4usize, "[a-z][a-z ]{2,19}").prop_map(|(rec, title)| Edit::Activity { rec, title }),
    ]
}

/// Applies an edit as this office may; edits it may not make are refused
/// and must leave nothing behind.
fn apply(ws: &mut Workspace, e: &Edit) {
    let rec = |ws: &Workspace, i: usize| rec_id(ws, CODES[i]);
    let result = match e {
        Edit::Assess { rec: r, level, day } => {
            let a = Assessment {
                id: Uuid::new_v4(),
                recommendation: rec(ws, *r),
                org: ws.me().org,
                level: Level::ALL[*level],
                date: format!("2025-02-{day:02}"),
                ..Default::default()
            };
            ws.create(&a, "assess")
        }
        Edit::Text { rec: r, text } => ws
            .update::<Recommendation>(rec(ws, *r), "text", |x| {
                x.text_mn = text.clone();
                Ok(())
            })
            .map(|_| ()),
        Edit::Response { rec: r, response } => ws
            .update::<Recommendation>(rec(ws, *r), "response", |x| {
                x.response = Response::ALL[*response];
                Ok(())
            })
            .map(|_| ()),
        Edit::States { rec: r, states } => ws
            .update::<Recommendation>(rec(ws, *r), "states", |x| {
                x.states = states.clone();
                Ok(())
            })
            .map(|_| ()),
        Edit::Archive { rec: r, archived } => ws.set_archived(rec(ws, *r), *archived).map(|_| ()),
        Edit::Activity { rec: r, title } => {
            let rid = rec(ws, *r);
            let plan = PlanEntry {
                id: Uuid::new_v4(),
                recommendation: Some(rid),
                ..Default::default()
            };
            ws.create(&plan, "plan").and_then(|_| {
                ws.create(
                    &Activity {
                        id: Uuid::new_v4(),
                        plan: plan.id,
                        title_en: title.clone(),
                        ..Default::default()
                    },
                    "activity",
                )
            })
        }
    };
    if let Err(e) = result {
        assert_eq!(e.kind(), "forbidden", "unexpected error: {e}");
    }
}

/// A coordinator's office, two devices of the coordinator (so that fields
/// conflict) and an NGO's, made once and copied for each case.
fn template() -> &'static std::path::Path {
    static T: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let mut gov = coordinator(&tmp.path().join("gov"));
        office(
            &mut gov,
            &tmp.path().join("laptop"),
            "MOJHA",
            "Field officer",
        );
        office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Officer");
        tmp
    })
    .path()
}

fn open_copy(tmp: &std::path::Path, name: &str) -> Workspace {
    Workspace::open(&tmp.join(name)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases("ACCORD_PROPTEST_CASES"), ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_the_copy_sound_and_a_rebuild_changes_nothing(
        edits in proptest::collection::vec(edit(), 1..12)
    ) {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(template(), tmp.path());
        let mut ws = open_copy(tmp.path(), "gov");
        for e in &edits {
            apply(&mut ws, e);
        }
        assert_clean(&ws);
        let before = export(&ws);
        ws.rebuild_index(true).unwrap();
        prop_assert_eq!(export(&ws), before);
        assert_clean(&ws);
    }

    #[test]
    fn offices_converge_whatever_the_order_of_exchanges(
        edits in proptest::collection::vec((0..3usize, edit()), 1..14),
        exchanges in proptest::collection::vec((0..3usize, 0..3usize), 0..8),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(template(), tmp.path());
        let mut offices = ["gov", "laptop", "ngo"].map(|n| open_copy(tmp.path(), n));
        // The template's offices joined before the coordinator's last
        // admission: each starts from all the coordinator holds.
        for i in 1..3 {
            let from = offices[0].all_changes().unwrap();
            offices[i].ingest(&from).unwrap();
        }
        let mut exchanges = exchanges.into_iter();
        for (who, e) in &edits {
            apply(&mut offices[*who], e);
            // Now and then, two offices exchange what they have.
            if let Some((a, b)) = exchanges.next() && a != b {
                let from = offices[a].all_changes().unwrap();
                offices[b].ingest(&from).unwrap();
            }
        }
        // At the end everyone meets everyone.
        for _ in 0..2 {
            for a in 0..3 {
                for b in 0..3 {
                    if a != b {
                        let from = offices[a].all_changes().unwrap();
                        offices[b].ingest(&from).unwrap();
                    }
                }
            }
        }
        let dumps: Vec<String> = offices.iter().map(export).collect();
        prop_assert_eq!(&dumps[0], &dumps[1]);
        prop_assert_eq!(&dumps[1], &dumps[2]);
        for o in &offices {
            assert_clean(o);
        }
    }
}
