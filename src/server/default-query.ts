/** What GraphiQL opens with: the second round of talks, with who, where, and what happened around it. */
export const DEFAULT_QUERY = `# Parley: a live knowledge base of a peace process.
# Press the run button to see the second round of Russia–Ukraine talks:
# where and when, who hosts it, both delegations, and the incidents of the two days before it,
# each fact with who says so.
query SecondRound {
  conflict(slug: "russia-ukraine-war") {
    name
    round(number: 2) {
      title
      status
      date { start precision text }
      venue { city country }
      host { name }
      delegations {
        actor { name }
        role
        attendance
        head { person { name } }
        participants { role person { name } description }
        sources { source { name } relation }
      }
      incidentsAround(daysBefore: 2) {
        totalCount
        nodes {
          title
          date { start end precision text }
          location { name country }
          figures { metric value unit qualifier }
          respondedTo { title }
          sources { source { name } relation }
        }
      }
      sources { source { name } relation }
    }
  }
}
`;
