"""Safe XML for discovery: a bounded gunzip, then lxml with entities left unresolved, no DTD and no
network (a gzip bomb costs at most `MAX_XML_BYTES`, a billion-laughs document nothing), and the few
namespace-blind element readers the sitemap and feed parsers share."""

from __future__ import annotations

from lxml import etree

from crawler.discover.entries import MAX_XML_BYTES, BadDocument, TooLarge
from crawler.inputs import bounded

__all__ = ["inflate", "load", "local", "child_text", "descendant_text"]


def inflate(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """`body` itself, or its gunzipped content when it is gzip; never more than `limit` bytes.
    TooLarge past the limit, BadDocument for a corrupt or cut-off gzip stream."""
    try:
        return bounded.read_bytes(body, limit)
    except bounded.TooLarge as exc:
        if exc.compressed:
            raise TooLarge(f"the gzip document inflates past the limit of {limit:,} bytes") from None
        raise TooLarge(f"the document is {exc.size or len(body):,} bytes, over the limit of {limit:,}") from None
    except bounded.Corrupt as exc:
        raise BadDocument(f"the gzip document is corrupt: {exc.detail}") from None
    except bounded.Truncated:
        raise BadDocument("the gzip document is cut off (it ends before its end-of-stream marker)") from None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def load(body: bytes, problems: list[str] | None = None) -> etree._Element | None:
    """The root element of an XML document (gzipped or not), or None when it is empty or not XML.
    When libxml2 stopped early (an entity bomb: entity loops or amplification, a resource limit), the
    elements before that point are returned and the reason is appended to `problems`."""
    data = inflate(body)
    if not data.strip():
        return None
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if problems is not None:
        for error in parser.error_log:
            if error.type_name in _STOPPERS or ("entity" in error.message.lower() and "loop" in error.message.lower()):
                problems.append(f"the XML parser stopped at line {error.line}: {error.message.strip()} "
                                "(an entity bomb?); the entries after it are lost")
                break
    return root


_STOPPERS = {"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION", "ERR_INTERNAL_ERROR"}


def local(tag: object) -> str:
    """An element's tag without its namespace, lower-cased ("" for comments and the like)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def child_text(el: etree._Element, *names: str) -> str | None:
    """The stripped text of the first child named one of `names` that has any."""
    for child in el:
        if local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def descendant_text(el: etree._Element, name: str) -> str | None:
    """The stripped text of the first element named `name` under `el` (or `el` itself) that has any."""
    for child in el.iter():
        if local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None
