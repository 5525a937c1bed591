"""Planning a raid day: the inputs (campaign, officers, sites), the draft (teams and OR-Tools routes),
its text, and publishing it as raid, teams and visits."""
