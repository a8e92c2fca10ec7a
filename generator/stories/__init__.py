"""Articles to stories across sources, languages and days: dedupe, cluster, continuity, facts."""
