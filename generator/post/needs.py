"""What a layout template reads and what data it declares it needs (generator.post.render registers the layouts).

A layout declares the data that costs a download (the leaderboard, checking lead images) at its top,
`{% set needs = ["leaderboard"] %}`; nothing is fetched because a template happens to name a variable.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta, nodes

from generator.errors import ConfigError


def template_names(env: jinja2.Environment, name: str, seen: set[str] | None = None) -> set[str]:
    """Variables a template (and what it includes) reads from its context, and the filters it uses."""
    seen = seen if seen is not None else set()
    if name in seen:
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    tree = env.parse(source)
    names = set(meta.find_undeclared_variables(tree)) | {f.name for f in tree.find_all(nodes.Filter)}
    for referenced in meta.find_referenced_templates(tree):
        if referenced:
            names |= template_names(env, referenced, seen)
    return names


NEEDS = "needs"  # the layout's declaration of the data it needs: {% set needs = ["leaderboard"] %}
KNOWN_NEEDS = frozenset({"leaderboard", "lead_images"})


def declared_needs(env: jinja2.Environment, name: str) -> frozenset[str]:
    """The data a layout declares it needs, from a top-level `{% set needs = [...] %}` in its template.

    Data that costs a download (the leaderboard, checking lead images) is fetched only when declared here, never
    because a template happens to name a variable. Raises ConfigError for a declaration that is not a constant list
    of known names (KNOWN_NEEDS).
    """
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    needs: set[str] = set()
    for node in env.parse(source).body:
        if (
            isinstance(node, nodes.Assign)
            and isinstance(node.target, nodes.Name)
            and node.target.name == NEEDS
        ):
            try:
                value = node.node.as_const()
            except nodes.Impossible:
                value = None
            if not isinstance(value, list | tuple) or not set(value) <= KNOWN_NEEDS:
                known = ", ".join(sorted(KNOWN_NEEDS))
                raise ConfigError(f"{name}: `{{% set needs = [...] %}}` must list some of: {known}")
            needs.update(value)
    return frozenset(needs)
