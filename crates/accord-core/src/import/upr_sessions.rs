//! The UPR's Working Group sessions: which cycle each belongs to, and which
//! session of the Human Rights Council adopts its reports. The report of a
//! State's review is `A/HRC/<Council session>/<n>`; its responses are in
//! its addendum (`/Add.1`), which the thematic lists cite.

/// Working Group sessions of each cycle: (first, last, cycle).
const CYCLES: &[(u32, u32, u32)] = &[(1, 12, 1), (13, 26, 2), (27, 40, 3), (41, 54, 4)];

/// Working Group sessions whose reports the Council adopts `offset`
/// sessions later: (first, last, offset). The gaps (Council sessions 20,
/// 35, 45 and 51 adopted none) fall between cycles and after the sessions
/// postponed in 2020.
const ADOPTED: &[(u32, u32, u32)] = &[
    (1, 12, 7),
    (13, 26, 8),
    (27, 35, 9),
    (36, 40, 10),
    (41, 54, 11),
];

/// The cycle of a Working Group session.
pub fn cycle_of(session: u32) -> Option<u32> {
    CYCLES
        .iter()
        .find(|(first, last, _)| (*first..=*last).contains(&session))
        .map(|(_, _, cycle)| *cycle)
}

/// The Working Group session whose report has the symbol `report`
/// (`A/HRC/43/15` → 34).
pub fn session_of_report(report: &str) -> Option<u32> {
    let mut parts = report.trim().split('/');
    let (a, hrc, council) = (parts.next()?, parts.next()?, parts.next()?);
    if !a.eq_ignore_ascii_case("a") || !hrc.eq_ignore_ascii_case("hrc") {
        return None;
    }
    let council: u32 = council.trim().parse().ok()?;
    ADOPTED.iter().find_map(|(first, last, offset)| {
        let session = council.checked_sub(*offset)?;
        (*first..=*last).contains(&session).then_some(session)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_name_their_session_and_cycle() {
        // Mongolia's three reviews, and the sample list's Slovenia.
        assert_eq!(session_of_report("A/HRC/16/5"), Some(9));
        assert_eq!(session_of_report("A/HRC/30/6"), Some(22));
        assert_eq!(session_of_report("A/HRC/46/9"), Some(36));
        assert_eq!(session_of_report("A/HRC/43/15"), Some(34));
        assert_eq!(cycle_of(9), Some(1));
        assert_eq!(cycle_of(22), Some(2));
        assert_eq!(cycle_of(36), Some(3));
        assert_eq!(cycle_of(34), Some(3));
        assert_eq!(cycle_of(41), Some(4));
        // Council sessions that adopted no review, and other symbols.
        for none in [
            "A/HRC/45/1",
            "A/HRC/20/1",
            "CAT/C/MNG/CO/2",
            "A/HRC/x/1",
            "",
            "A/HRC/99/1",
        ] {
            assert_eq!(session_of_report(none), None, "{none}");
        }
        assert_eq!(cycle_of(0), None);
    }
}
