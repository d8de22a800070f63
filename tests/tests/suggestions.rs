//! Suggested clusters and links: measured on the UN's own grouping (the
//! thematic list of Slovenia puts texts of several States that ask the same
//! thing in one row), then used as offices would: a newer cycle's
//! recommendations linked to the earlier ones they continue, clusters
//! accepted, suggestions rejected and not made again, and only
//! coordinators deciding.

use std::collections::HashMap;

use accord_core::import::ImportOptions;
use accord_core::import::thematic_list::read;
use accord_core::model::*;
use accord_core::suggest::{self, Corpus, Text};
use accord_core::workspace::SuggestionKind;
use accord_scenarios::*;

const SAMPLE: &str = SLOVENIA_LIST;

fn sample() -> Vec<u8> {
    un_sample(SAMPLE)
}

#[test]
fn texts_the_un_list_groups_together_land_in_one_suggested_cluster() {
    let list = read(SAMPLE, &sample()).unwrap();
    // Each State's recommendation on its own, as the Working Group's report
    // and the Index give them, remembering the row the list put it in: a row
    // joins one text recommended by several States, or several States'
    // wordings of one thing.
    let mut texts: Vec<(usize, String, Vec<String>)> = Vec::new();
    let mut reworded = Vec::new();
    for (row, r) in list.rows.iter().enumerate() {
        if r.texts.len() > 1 {
            reworded.push(row);
        }
        for (text, states) in &r.texts {
            for _ in states {
                texts.push((row, text.clone(), r.themes.clone()));
            }
        }
    }
    let t: Vec<Text> = texts
        .iter()
        .map(|(_, text, themes)| Text { text, themes })
        .collect();
    let corpus = Corpus::new(&t);
    let all: Vec<usize> = (0..texts.len()).collect();
    let groups = suggest::groups(&corpus, &all, suggest::CLUSTER_MIN, &|_, _| false);
    let group_of: HashMap<usize, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, grp)| grp.members.iter().map(move |&m| (m, g)))
        .collect();
    // The rows holding several texts: the UN's own grouping.
    let mut rows: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, (row, _, _)) in texts.iter().enumerate() {
        rows.entry(*row).or_default().push(i);
    }
    let one_cluster = |members: &Vec<usize>| {
        let g = group_of.get(&members[0]);
        g.is_some() && members.iter().all(|m| group_of.get(m) == g)
    };
    let grouped: Vec<(&usize, &Vec<usize>)> = rows.iter().filter(|(_, m)| m.len() > 1).collect();
    let together = grouped.iter().filter(|(_, m)| one_cluster(m)).count();
    let share = together as f64 / grouped.len() as f64;
    let reworded_together = reworded.iter().filter(|r| one_cluster(&rows[r])).count();
    println!(
        "{together} of {} grouped rows in one suggested cluster ({:.0} %), {reworded_together} of the {} with several wordings; {} clusters, the largest {}",
        grouped.len(),
        share * 100.0,
        reworded.len(),
        groups.len(),
        groups.iter().map(|g| g.members.len()).max().unwrap_or(0)
    );
    assert!(grouped.len() >= 5, "{}", grouped.len());
    assert!(share >= 0.9, "{together} of {}", grouped.len());
    assert_eq!(reworded_together, reworded.len());
    // And not everything in a few heaps: no cluster holds a tenth of them.
    assert!(groups.iter().all(|g| g.members.len() * 10 < texts.len()));
}

/// Mongolia's next review, as OHCHR's list would give it: two of its
/// recommendations reword ones of the review before (small.csv's 107.1 and
/// 107.2), one is new.
fn third_cycle() -> Vec<u8> {
    let header = vec![
        vec!["Recommendation"],
        vec!["Position"],
        vec!["Full list of themes"],
        vec!["Assessment/comments on level of implementation"],
    ];
    let row = |text: &'static str, position: &'static str| {
        vec![
            vec![text, "Source of position: A/HRC/46/9/Add.1 - Para. 2"],
            vec![position],
            vec!["- Torture and other cruel, inhuman or degrading treatment"],
            vec![""],
        ]
    };
    docx(&[
        header,
        vec![vec!["Theme: Torture"]],
        row(
            "115.1 Ratify without delay the Optional Protocol to the Convention against Torture (Denmark);",
            "Supported",
        ),
        row(
            "115.2 Adopt the law on domestic violence and open shelters in every province (Sweden);",
            "Supported",
        ),
        row(
            "115.3 Establish an independent complaints body for persons in psychiatric care (Chile);",
            "Noted",
        ),
    ])
}

#[test]
fn a_new_cycle_is_linked_to_the_one_before_as_people_decide() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let opts = ImportOptions {
        add_terms: true,
        ..Default::default()
    };
    gov.import_bytes("cycle3.docx", &third_cycle(), &opts)
        .unwrap();
    let earlier = rec_id(&gov, "107.1");
    gov.create(
        &Assessment {
            id: uuid::Uuid::new_v4(),
            recommendation: earlier,
            org: gov.me().org,
            level: Level::InProgress,
            date: "2019-06-01".into(),
            ..Default::default()
        },
        "assess",
    )
    .unwrap();

    // The newest UPR report's recommendations, each with the earlier one it
    // rewords; the new one with none.
    let links = gov.suggest_links(None).unwrap();
    let pairs: Vec<(String, String)> = links
        .iter()
        .map(|s| (s.members[0].code.clone(), s.members[1].code.clone()))
        .collect();
    assert!(
        pairs.contains(&("115.1".into(), "107.1".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("115.2".into(), "107.2".into())),
        "{pairs:?}"
    );
    assert!(pairs.iter().all(|(n, _)| n != "115.3"), "{pairs:?}");
    assert!(
        links
            .iter()
            .all(|s| s.similarity >= suggest::LINK_MIN && s.similarity <= 1.0)
    );

    // A member office may look but not decide.
    let mut ngo = invited_office(
        &mut gov,
        &tmp.path().join("ngo"),
        "HRNGOF",
        "Saraa",
        &folder,
    );
    sync(&mut gov, &folder);
    sync(&mut ngo, &folder);
    let newer = rec_id(&gov, "115.1");
    let refused = ngo
        .accept_suggestion(SuggestionKind::Link, &[newer, earlier])
        .unwrap_err();
    assert_eq!(refused.kind(), "forbidden", "{refused}");

    // Accepted: the newer one shows the earlier one and its assessment, and
    // the earlier one shows it was recommended again.
    gov.accept_suggestion(SuggestionKind::Link, &[newer, earlier])
        .unwrap();
    let view = gov.recommendation_view(newer).unwrap();
    assert_eq!(view.continues.len(), 1);
    assert_eq!(view.continues[0].code, "107.1");
    assert_eq!(view.continues[0].document, "A/HRC/30/6");
    assert_eq!(
        view.continues[0].levels,
        [("MOJHA".to_owned(), Level::InProgress)]
    );
    let back = gov.recommendation_view(earlier).unwrap();
    assert_eq!(back.continued_by[0].code, "115.1");
    // Rejected: not suggested again; nor is the accepted one.
    let (n2, e2) = (rec_id(&gov, "115.2"), rec_id(&gov, "107.2"));
    gov.reject_suggestion(SuggestionKind::Link, &[n2, e2])
        .unwrap();
    let again: Vec<String> = gov
        .suggest_links(Some("A/HRC/46/9"))
        .unwrap()
        .iter()
        .map(|s| s.members[0].code.clone())
        .collect();
    assert!(
        !again.contains(&"115.1".to_owned()) && !again.contains(&"115.2".to_owned()),
        "{again:?}"
    );

    // The other office hears of both through the folder.
    sync(&mut gov, &folder);
    sync(&mut ngo, &folder);
    assert_eq!(
        ngo.recommendation_view(newer).unwrap().continues[0].code,
        "107.1"
    );
    assert!(
        ngo.suggest_links(None)
            .unwrap()
            .iter()
            .all(|s| s.members[0].code != "115.2")
    );
    assert_clean(&gov);
    assert_clean(&ngo);
}

#[test]
fn a_suggested_cluster_accepted_becomes_one_and_a_rejected_one_is_not_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let opts = ImportOptions {
        add_terms: true,
        ..Default::default()
    };
    gov.import_bytes("cycle3.docx", &third_cycle(), &opts)
        .unwrap();
    let found = gov.suggest_clusters(Some("A/HRC/46/9")).unwrap();
    let find = |found: &[accord_core::workspace::Suggestion], code: &str| {
        found
            .iter()
            .find(|s| s.members.iter().any(|m| m.code == code))
            .cloned()
            .unwrap_or_else(|| panic!("no suggestion holds {code}: {found:?}"))
    };
    // 115.1 asks what 107.1 asked, which is in the cluster "torture": it
    // would join it.
    let torture = find(&found, "115.1");
    let codes: Vec<&str> = torture.members.iter().map(|m| m.code.as_str()).collect();
    assert!(codes.contains(&"107.1"), "{codes:?}");
    let held = gov
        .recommendation_view(rec_id(&gov, "107.1"))
        .unwrap()
        .cluster
        .unwrap();
    assert_eq!(torture.cluster, Some(held.id));
    let clusters_before = gov.store().all::<Cluster>().unwrap().len();
    let ids: Vec<uuid::Uuid> = torture.members.iter().map(|m| m.id).collect();
    gov.accept_suggestion(SuggestionKind::Cluster, &ids)
        .unwrap();
    assert_eq!(
        gov.recommendation_view(rec_id(&gov, "115.1"))
            .unwrap()
            .recommendation
            .cluster,
        Some(held.id)
    );
    assert_eq!(gov.store().all::<Cluster>().unwrap().len(), clusters_before);

    // 115.2 and 107.2 are in no cluster: accepting makes one, named after
    // the first.
    let violence = find(&found, "115.2");
    assert_eq!(violence.cluster, None);
    let ids: Vec<uuid::Uuid> = violence.members.iter().map(|m| m.id).collect();
    // Rejected first: not suggested again.
    gov.reject_suggestion(SuggestionKind::Cluster, &ids)
        .unwrap();
    let after = gov.suggest_clusters(Some("A/HRC/46/9")).unwrap();
    assert!(
        after
            .iter()
            .all(|s| !s.members.iter().any(|m| m.code == "115.2")),
        "{after:?}"
    );
    // A person who changes their mind accepts it all the same.
    gov.accept_suggestion(SuggestionKind::Cluster, &ids)
        .unwrap();
    let made = gov
        .recommendation_view(ids[0])
        .unwrap()
        .cluster
        .expect("a cluster");
    assert!(
        made.title_en.starts_with(&violence.members[0].text[..10]),
        "{}",
        made.title_en
    );
    assert_eq!(
        gov.store().all::<Cluster>().unwrap().len(),
        clusters_before + 1
    );
    for id in &ids {
        assert_eq!(
            gov.recommendation_view(*id).unwrap().recommendation.cluster,
            Some(made.id)
        );
    }
    let again = gov.suggest_clusters(Some("A/HRC/46/9")).unwrap();
    assert!(
        again.iter().all(|s| !s
            .members
            .iter()
            .any(|m| m.code == "115.1" || m.code == "115.2")),
        "{again:?}"
    );

    // A suggestion needs two different recommendations.
    let err = gov
        .accept_suggestion(SuggestionKind::Cluster, &[ids[0], ids[0]])
        .unwrap_err();
    assert!(err.to_string().contains("two or more different"), "{err}");
    assert_clean(&gov);
}

#[test]
fn a_source_not_held_is_named_with_the_ones_that_are() {
    let tmp = tempfile::tempdir().unwrap();
    let gov = coordinator(&tmp.path().join("gov"));
    let err = gov
        .suggest_links(Some("A/HRC/99/1"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("A/HRC/99/1") && err.contains("A/HRC/30/6"),
        "{err}"
    );
}
