// The suggestions review's words in English and Mongolian (merged into
// messages.ts; `suggestMn` is typed from `suggestEn`).

export const suggestEn = {
  nav_suggestions: 'Suggestions',
  suggest_title: 'Suggested clusters and links',
  suggest_help:
    'Accord compares the recommendations’ words and themes on this computer. Nothing is grouped or linked until you accept; a rejected suggestion is not made again.',
  suggest_clusters: 'Recommendations that ask for the same thing',
  suggest_links: 'Recommendations that continue an earlier one',
  suggest_source: 'Of the source',
  suggest_any_source: 'Those in no cluster yet',
  suggest_newest_report: 'The newest UPR report',
  suggest_find: 'Find suggestions',
  suggest_finding: 'Comparing…',
  suggest_none: 'Nothing to suggest.',
  suggest_count: '{n} suggestions',
  suggest_alike: '{pct}% alike',
  suggest_joins_cluster: 'They would join the cluster the others are in.',
  suggest_continues: 'continues',
  suggest_accept: 'Accept',
  suggest_reject: 'Reject',
  suggest_accepted: 'Accepted.',
  suggest_rejected: 'Rejected: not suggested again.',
  suggest_may_not: 'Only coordinators accept or reject suggestions.',
  continues_title: 'Continues earlier recommendations',
  continued_by_title: 'Recommended again later',
};

export const suggestMn: Record<keyof typeof suggestEn, string> = {
  nav_suggestions: 'Санал',
  suggest_title: 'Бүлэглэх, холбох санал',
  suggest_help:
    'Accord зөвлөмжүүдийн үг, сэдвийг энэ компьютер дээр харьцуулна. Та зөвшөөрөх хүртэл юу ч бүлэглэгдэхгүй, холбогдохгүй; татгалзсан саналыг дахин гаргахгүй.',
  suggest_clusters: 'Ижил зүйл хүссэн зөвлөмжүүд',
  suggest_links: 'Өмнөх зөвлөмжийг үргэлжлүүлсэн зөвлөмжүүд',
  suggest_source: 'Эх сурвалж',
  suggest_any_source: 'Бүлэгт ороогүй бүх зөвлөмж',
  suggest_newest_report: 'ЭЦХ-ын хамгийн сүүлийн тайлан',
  suggest_find: 'Санал хайх',
  suggest_finding: 'Харьцуулж байна…',
  suggest_none: 'Санал алга.',
  suggest_count: '{n} санал',
  suggest_alike: '{pct}% төстэй',
  suggest_joins_cluster: 'Бусад нь байгаа бүлэгт нэгдэнэ.',
  suggest_continues: 'үргэлжлүүлсэн',
  suggest_accept: 'Зөвшөөрөх',
  suggest_reject: 'Татгалзах',
  suggest_accepted: 'Зөвшөөрсөн.',
  suggest_rejected: 'Татгалзсан: дахин санал болгохгүй.',
  suggest_may_not: 'Саналыг зөвхөн зохицуулагч зөвшөөрч, татгалзана.',
  continues_title: 'Өмнөх зөвлөмжийг үргэлжлүүлсэн',
  continued_by_title: 'Дараа нь дахин зөвлөсөн',
};
