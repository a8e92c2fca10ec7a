"""The English words table (issue 22): the same parts and keys as the Chinese one in generator/post/words.py,
for the English edition (`editions: [en]`, mkdocs.en.yml). tests/test_words.py checks that no key is missing."""

from __future__ import annotations

from collections.abc import Mapping

DEGRADATION = {
    "editor": "The model could not write everything: part of the post was written by a fallback model or offline",
    "offline": "Written offline (no Gemini API key): no analysis",
    "sources": "Some sources could not be fetched",
    "thin": "Few stories were selected",
    "late": "Published later than planned",
    "catch-up": "A post written after its day",
    "edition": "The English edition was not written",
}

# The English frame of a story told only in Chinese (generator.editor.english): what is certain, never a
# translation. `genres` and `events` as in the Chinese table; "{who}" is a name, "{figure}" a figure in English.
# An event's "noun" is what a source reports when the story gives no name in Latin letters ("{source} reports
# {noun}"): "{figure}" and "{topic}" are a figure and a topic in English followed by a space, or nothing.
FRAME_GENRES = {
    "paper": "paper",
    "study": "study",
    "research": "research",
    "opinion": "opinion piece",
    "op-ed": "opinion piece",
    "analysis": "analysis",
    "preview": "preview",
    "interview": "interview",
    "report": "report",
    "exclusive": "exclusive",
    "survey": "survey",
    "review": "review",
    "explainer": "explainer",
}
FRAME_EVENTS = {
    "funding": {
        "figure": "{who} raises {figure}",
        "plain": "{who} raises new funding",
        "noun": "a {figure}{topic}funding round",
    },
    "acquisition": {
        "what": "{who} acquires {what}",
        "plain": "{who} announces an acquisition",
        "noun": "a {topic}acquisition",
    },
    "open_source": {
        "what": "{who} open-sources {what}",
        "plain": "{who} open-sources a project",
        "noun": "a new open source project",
    },
    "price_cut": {
        "figure": "{who} cuts prices by {figure}",
        "plain": "{who} cuts prices",
        "noun": "a {topic}price cut",
    },
    "price_rise": {
        "figure": "{who} raises prices by {figure}",
        "plain": "{who} raises prices",
        "noun": "a {topic}price rise",
    },
    "milestone": {
        "figure": "{who} reaches {figure} users or downloads",
        "plain": "{who} reports a milestone",
        "noun": "a {topic}milestone",
    },
    "ranking": {"plain": "{who} tops a ranking", "noun": "a {topic}ranking"},
    "release": {
        "what": "{who} releases {what}",
        "plain": "{who} announces a release",
        "noun": "a new {topic}release",
    },
    "shipping": {"plain": "{who} starts shipping", "noun": "the start of {topic}shipments"},
    "partnership": {
        "what": "{who} partners with {what}",
        "plain": "{who} announces a partnership",
        "noun": "a {topic}partnership",
    },
    "lawsuit": {
        "what": "{who} in a lawsuit with {what}",
        "plain": "{who} in a legal case",
        "noun": "a {topic}lawsuit",
    },
    "fine": {"figure": "{who} fined {figure}", "plain": "{who} fined", "noun": "a {figure}fine"},
    "layoffs": {"plain": "{who} cuts jobs", "noun": "{topic}job cuts"},
    "people": {"plain": "{who}: leadership changes", "noun": "a leadership change"},
    "proposal": {"plain": "{who} puts forward a proposal", "noun": "a {topic}proposal"},
    "regulation": {"plain": "{who}: a policy move", "noun": "a new {topic}policy"},
    "legal": {"plain": "{who} in a legal case", "noun": "a {topic}legal case"},
    "listing": {"plain": "{who} plans a listing", "noun": "a listing plan"},
    "price": {
        "figure": "{who} changes prices: {figure}",
        "plain": "{who} changes prices",
        "noun": "a {topic}price change",
    },
    "incident": {"plain": "{who}: an incident", "noun": "a {topic}incident"},
    "expansion": {"plain": "{who} expands production", "noun": "a {topic}expansion"},
    "clinical": {"plain": "{who}: clinical trial news", "noun": "{topic}clinical trial news"},
    "approval": {"plain": "{who} wins an approval", "noun": "a {topic}approval"},
    "sales": {"plain": "{who} reports sales", "noun": "{topic}sales figures"},
}
FRAME = {
    "who_only": "News from {who}",
    "who_topics": "News from {who} on {topics}",
    "topics": "A {kind} on {topics}",
    "report": "report",
    "genre_only": "A {kind}",
    "reported": "Reported by {source}",
    "original": "Original title: “{title}”",
    "figures": "Figures: {figures}",
    "news_from": "A report from {source}",
    "source_reports": "{source} reports {noun}",
    "source_news": "{source} reports {topic}news",
    "in_chinese": " (in Chinese)",
}

CITE = {"label": "[{number}] Source: {source}"}

POST = {
    "offline_note": "Compiled offline: summaries are sentences taken from the sources, not a model's analysis.",
    "story_tags": "Tags",
    "previous_day": "Previous",
    "next_day": "Next",
    "neighbour_day": "{month_name} {day}",
    "framed_note": (
        " Stories reported only in Chinese are given as an English frame (who, what, figures, source) with the "
        "original title; it is not a translation."
    ),
    "colon": ": ",
    "open": " (",
    "close": ")",
    "list_sep": ", ",
    "clause_sep": ", ",
    "part_sep": "; ",
    "sources": "Sources: ",
    "source_count": "{count} sources",
    "read_original": "Read the original",
    "more": "More news",
    "other": "Other",
    "news": "News",
    "reason_fallback": "{category} news",
    "reason_fallback_sources": "{category} news, reported by {count} sources",
    "follow_ups": "Follow-ups",
    "continuity_follow_ups": "follow-ups: {count}",
    "continuity_skipped": "earlier stories left out: {count}",
    "follow_up_new_sources": "new sources",
    "follow_up_new_figures": "new figures",
    "follow_up_new_names": "new names",
    "summary": "Today's summary",
    "insights": "Analysis: ",
    "impacts": "Impact: ",
    "insight_footer": "Read {read} items, selected {kept}{more}; editor: {editor}.",
    "footer_more": ", {more}",
    "briefing_news": "Today's AI news",
    "briefing_footer": "Read {read} items, selected {kept}{more}{generated}; editor: {editor}.",
    "briefing_generated": "; generated {time}",
    "highlights": "Highlights",
    "leaderboard_head": "| Rank | Model | Score |",
    "leaderboard_source": "*Data: {source} ({link}) · ranking of {day} · updated {time}*",
    "original_data": "raw data",
    "details": "The stories",
    "sources_bold": "**Sources**: ",
    "time_bold": " **Time**: ",
    "other_items": "Other news",
    "tracker_counts": "*{read} items read, {kept} selected{more}*",
    "tracker_made": "*Made automatically by {site}{generated}; editor: {editor}*",
    "tracker_generated": ", generated {time}",
    "site_name": "AI Daily",
    "dispatch_generated": "Generated {time} · ",
    "dispatch_selected": "{kept} selected from {read} items",
    "short_version": "In short",
    "full_version": "In full",
    "region_news": "{region} news",
    "region_heading": "{region} news",
    "importance_legend": "🔥 important · 📌 notable · 📄 other",
    "reason_item": "- **Why**: ",
    "sources_item": "- **Sources**: ",
    "link_item": "- **Link**: ",
    "tags_item": "- **Tags**: ",
    "other_news": "Other news",
    "closing": "Today in brief",
    "closing_counts": "{kept} stories selected from {read} items: ",
    "closing_region": "{count} {region}",
    "closing_important": "; {count} of high importance. ",
    "closing_focus": "In focus: {headlines}. ",
    "closing_more": "Also: {more}.",
    "editor_line": "Editor: {editor}",
    "offline_editor": "the offline editor",
    "credit_join": " and ",
}

REGIONS = {"cn": "China", "global": "Global"}

FOLLOW_UP = {
    "sentence": "New since {since}: {parts}.",
    "since": "the report of {day}",
    "rise": "{measure} up from {before} to {after}",
    "fall": "{measure} down from {before} to {after}",
    "rise_dated": "{measure} up from {before} (reported {day}) to {after}",
    "fall_dated": "{measure} down from {before} (reported {day}) to {after}",
    "new_figure": "{measure} now given as {after}",
    "new_number": "a new figure, {after}",
    "new_names": "first mention of {names}",
    "new_sources": "{sources} followed up",
    "label": "Follow-up",
    "section": "Follow-ups",
    "bullet": "Follow-up: {headline}",
    "earlier": "Earlier",
    "earlier_report": "the earlier report",  # an earlier story no English post told
    "tracking": "followed since {day}",
    "day": "{month_name} {day}",
    "script": "latin",
    "earlier_link": "{label}: {headline}",
    "earlier_day": " ({day})",
    "list_sep": ", ",
    "part_sep": "; ",
}

STATUS = {
    "ok": "OK",
    "not-modified": "Not modified (304)",
    "failed": "Failed",
    "reason": "{words} ({reason})",
    "seconds": "{seconds:.2f} s",
    "opml_title": "{site}: sources",
    "no_run": "No run recorded yet: this page is updated each day after the post is written.\n",
    "checked": "This run checked {count} sources, {healthy} usable. ",
    "updated": "Updated each day after the post is written; the Chinese edition's status page has the OPML file.",
    "table_head": "| Source | Status | Note | Items | Newest item | Time |",
    "latest": "Latest post: {link}, generated {started}{writer}.",
    "by_offline": ", written offline",
    "by_model_offline": ", written by {editor} (partly offline)",
    "by_model": ", written by {editor}",
    "owner_action": "- **The owner must act**: {action}",
    "degraded": "This run was not fully normal",
    "degradation": "- {words} ({message})",
    "degradation_here": "- {words}",
    "reason_sep": "; ",
}

PAGES = {
    "status_title": "Source status",
    "status_description": "How each source fared in the latest run (status, items, newest item, response time).",
    "archive_title": "Archive",
    "archive_description": "Every post of AI Daily, by month.",
    "archive_empty": "No posts yet.",
    "archive_month": "{month_name} {year}",
    "archive_day": "{month_name} {day}",
    "months": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "report_label": "Report an error",
    "report_title": "Correction: {day} {headline}",
    "report_tooltip": "Report an error in this story",
}

WEEKLY = {
    "weekdays": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "day_label": "{weekday} {month}/{day}",
    "title": "week {week} of {year} ({first_month}/{first_day}–{last_month}/{last_day})",
    "cover_title": "week {week}, {year}",
    "span": "{first_month}/{first_day}–{last_month}/{last_day}",
    "description": "The AI news of week {week}, {year}: ",
    "description_sep": "; ",
    "original": "original",
    "colon": ": ",
    "list_sep": ", ",
    "lead": (
        "This week ({span}): {posts} daily posts, {read} items read, {stories} stories{threads}. "
        "The {top} most important, by importance and number of sources:"
    ),
    "lead_threads": ", {count} of them followed over several days",
    "highlights": "This week",
    "top": "The week's top stories",
    "sources_count": "{count} sources · ",
    "seen_on": "on ",
    "articles": "Articles: ",
    "threads": "Followed stories",
    "follow_up": " (follow-up)",
    "days": "Day by day",
    "day_stories": " ({count} stories)",
    "footer": "Compiled from this week's {posts} daily posts, ranked by importance, sources and days followed.",
}

TELEGRAM = {"read_more": "Read the post"}

# What an edition other than the site's own takes from its table: its name in its own words (the language
# switch), the cover's date, the post's kind (title prefix, category, base tags), the weekly issue's and the editor's
# categories.
EDITION = {
    "language_name": "English",
    "cover_date": "%B %d, %Y",
    "title_prefix": "AI Daily",
    "category": "AI Daily",
    "base_tags": ("AI", "AI Daily"),
    "weekly_title_prefix": "AI Weekly",  # the weekly issue (generator.weekly.issue.issue_style)
    "weekly_category": "AI Weekly",
    "weekly_base_tags": ("AI", "AI Weekly"),
    "categories": {
        "模型与研究": "Models & research",
        "产品与应用": "Products & uses",
        "算力与芯片": "Compute & chips",
        "资本与商业": "Money & business",
        "政策与安全": "Policy & safety",
    },
}

EN: Mapping[str, Mapping[str, object]] = {
    "post": POST,
    "follow_up": FOLLOW_UP,
    "cite": CITE,
    "regions": REGIONS,
    "degradation": DEGRADATION,
    "status": STATUS,
    "pages": PAGES,
    "weekly": WEEKLY,
    "telegram": TELEGRAM,
    "frame": FRAME,
    "frame_genres": FRAME_GENRES,
    "frame_events": FRAME_EVENTS,
    "edition": EDITION,
}
