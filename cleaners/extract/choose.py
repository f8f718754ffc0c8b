"""The one site-vs-generic decision: a page with a site profile gets the profile's text when it
holds up next to the page's paragraphs or the generic extractor's text; else the generic text,
with a Provenance that names the profile that fell back and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaners.clean.steps import Cleaned, clean_blocks
from cleaners.describe.dates import assumed_offset, parse_date
from cleaners.errors import RejectedInput
from cleaners.extract.generic import GENERIC, generic_blocks
from cleaners.extract.prune import PrunePlan, drop, drop_test, within
from cleaners.extract.shelter import shelter_and_prune
from cleaners.extract.site import SiteFields, furniture_paragraph_chars, paragraph_chars, site_bodies, site_extract
from cleaners.knowledge.rules import RuleSet
from cleaners.knowledge.sites import SiteProfile, reads_beside
from cleaners.model import Provenance
from cleaners.page.metadata import PageMeta, clean_authors
from cleaners.urls import host_of

__all__ = ["Choice", "choose", "site_provenance"]


class Choice(NamedTuple):
    cleaned: Cleaned  # the article's blocks, cleaned, with what the rules found and removed
    meta: PageMeta  # the page's metadata, with the profile's own title, date and authors when it won
    provenance: Provenance


def site_provenance(profile: SiteProfile) -> Provenance:
    """A profile's own Provenance: its label is the profile's tag ("site:<id>/<version>")."""
    return Provenance(f"site:{profile.id}", profile.version)


def choose(tree: LexborHTMLParser, url: str | None, meta: PageMeta, profile: SiteProfile | None,
           fields: SiteFields | None, rules: RuleSet, plan: PrunePlan, body_only: bool = False) -> Choice:
    """The article of `tree` (pruned of scripts, styles and the `always` furniture; with
    `body_only`, of scripts and styles only: the furniture goes here, the <body>'s before the
    profile reads the page, the rest before anything reads outside the <body>). `fields` are the
    profile's title, date and authors, read before pruning. Raises RejectedInput when neither path
    finds any text."""
    site = None
    if profile is not None:
        bodies, furniture, body_only = _profile_bodies(tree, profile, plan, body_only)
        # before the profile strips anything; a profile that finds no body has no text to compare
        paragraphs = paragraph_chars(tree) if bodies else 0
        site, site_meta = _site_cleaned(tree, url, profile, meta, fields or SiteFields(None, None, ()), rules, plan,
                                        bodies)
        if site is not None and _holds_up(_chars(site), profile.extract.min_share, paragraphs, tree, furniture):
            return Choice(site, site_meta, site_provenance(profile))
        # found nothing, or little next to the page's paragraphs: the generic extractor decides
    if body_only:
        drop(tree, plan.always)
    shelter_and_prune(tree, plan)  # code listings' tokens and the main landmark's content are not boxes
    cleaned = clean_blocks(generic_blocks(tree, url), meta.title, rules, find_headline=False)
    provenance = GENERIC
    if profile is not None:
        why = "found nothing"
        if site is not None:
            if _chars(site) >= profile.extract.min_share * _chars(cleaned):
                return Choice(site, site_meta, site_provenance(profile))  # it holds up
            why = f"found too little ({_chars(site)} of {_chars(cleaned)} chars)"
        provenance = replace(GENERIC, fallback_from=profile.tag, why=why)
    if not cleaned.blocks:
        raise RejectedInput("no_article", "no article text was found on the page")
    return Choice(cleaned, meta, provenance)


Furniture = Callable[[LexborNode], bool]


def _profile_bodies(tree: LexborHTMLParser, profile: SiteProfile, plan: PrunePlan, body_only: bool
                    ) -> tuple[list[LexborNode], Furniture | None, bool]:
    """The profile's bodies on the page as it is without the <body>'s `always` furniture (with
    `body_only`, still in it), each free of that furniture; the test of that furniture when the rest
    of the <body>'s is still in the page; whether the furniture outside the <body> still is. A body
    outside the <body> is looked for once all the furniture is gone. The <body>'s furniture
    outside the bodies is left in the page when the profile's selectors are found the same without
    it (`site_bodies`): most pages' profile text wins, and nothing reads the rest of the page."""
    plain = body_only and profile.extract.body_selectors_plain and not reads_beside((plan.guarded,))
    furniture = drop_test(plan.always) if plain else None
    if body_only and furniture is None:
        body = tree.body
        if body is not None:
            drop(body, plan.always)
    bodies = site_bodies(tree, profile, furniture)
    if body_only and not _in_body(bodies, tree):
        drop(tree, plan.always)  # a body outside the <body>: found as it is without the furniture
        return site_bodies(tree, profile), None, False
    if furniture is not None:
        for body in bodies:
            drop(body, plan.always)
    return bodies, furniture, body_only


def _holds_up(chars: int, min_share: float, paragraphs: int, tree: LexborHTMLParser, furniture: Furniture | None
              ) -> bool:
    """Whether the profile's `chars` hold up next to the page's `paragraphs` (paragraph_chars). With
    `furniture` (the test of the <body>'s furniture, still in the page outside the bodies),
    `paragraphs` counts the text it adds: the profile holding up next to them holds up without it;
    else what it adds is taken away first."""
    if chars >= min_share * paragraphs:
        return True
    return furniture is not None and chars >= min_share * (paragraphs - furniture_paragraph_chars(tree, furniture))


def _in_body(nodes: list[LexborNode], tree: LexborHTMLParser) -> bool:
    """Whether all of `nodes` are inside the page's <body>."""
    body = tree.body
    return not nodes if body is None else all(within(nodes, {body.mem_id}))


def _chars(cleaned: Cleaned) -> int:
    return sum(len(b.text) for b in cleaned.blocks)


def _site_cleaned(tree: LexborHTMLParser, url: str | None, profile: SiteProfile, meta: PageMeta,
                  fields: SiteFields, rules: RuleSet, plan: PrunePlan,
                  bodies: list[LexborNode]) -> tuple[Cleaned | None, PageMeta]:
    """The profile's text from its `bodies`, cleaned, and the page's metadata with the profile's own
    sources (None for the text when the profile found none: the page's `meta` then, as the
    generic path's text goes with the page's own metadata)."""
    found = site_extract(tree, profile, plan, bodies)
    if not found.blocks:
        return None, meta
    site_meta = meta
    if fields.title or fields.date or fields.authors:
        published = meta.published_at
        if fields.date:
            offset = assumed_offset(meta.html_lang, host_of(url), profile.timezone)
            published = parse_date(fields.date, offset) or published
        authors = clean_authors(fields.authors, meta.site_name or profile.name)
        site_meta = replace(meta, title=fields.title or meta.title, published_at=published,
                            authors=authors or meta.authors)
    cleaned = clean_blocks(found.blocks, site_meta.title, rules, find_headline=False)
    cleaned.removed[:0] = found.removed
    if found.dateline and not cleaned.found.get("dateline"):
        cleaned.found.setdefault("dateline", []).insert(0, found.dateline)
    return (cleaned if cleaned.blocks else None), site_meta
