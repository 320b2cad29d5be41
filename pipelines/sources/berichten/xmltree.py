"""XML plumbing of the message reader: a safe parser, and reading elements by local name.

Safety: the parser resolves no entities and opens no network connection, so a delivered file
cannot make the reader read other files or hosts; comments and processing instructions are dropped.
libxml2 refuses nesting deeper than 256 elements and entity amplification (billion laughs) without
``huge_tree``, and a message with a DOCTYPE is refused outright: no iJw/iWmo message has one, and a
DTD is where entity tricks live.

Fields are found by local name, so any sender conforming to the XSD is read, whatever namespace
prefixes it uses. Speed: each element read is visited once, with local names (in ``flatten`` whole paths)
cached per tag, and blank text is dropped while parsing (``parser(keep_blank_text=True)`` keeps it, for
quarantine).
"""

from __future__ import annotations

from typing import Union

from lxml import etree

from pipelines.sources.base import FileRejected

Element = etree._Element
Fields = dict[str, str]  # local-name path ('Product/Code') -> stripped, non-empty text
Spec = dict[str, Union[str, "Spec"]]  # local name -> its path, or the Spec of its children

LOCAL_NAMES: dict[str, str] = {}  # '{namespace}Bsn' -> 'Bsn'; a handful per sender
LOCAL_NAMES_MAX = 10_000  # a file with ever new tags must not grow a cache without end


class Paths:
    """Local-name paths ('Geboortedatum/Datum') as a tree: local name -> its path, or the tree of its children."""

    def __init__(self, *paths: str) -> None:
        self.tree: Spec = {}
        self.count = len(paths)
        for path in paths:
            *parents, leaf = path.split("/")
            level = self.tree
            for parent in parents:
                level = level.setdefault(parent, {})
                assert isinstance(level, dict), path
            assert leaf not in level, path
            level[leaf] = path


def parser(keep_blank_text: bool = False) -> etree.XMLParser:
    # No entities, no network: a delivered file must not make us read other files.
    # A parser per read() (and per quarantine re-parse): lxml parsers are not to be shared between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=not keep_blank_text,
    )


def parse(data: bytes, bestand: str, xml_parser: etree.XMLParser) -> Element:
    """The root element of one message; an empty or malformed message rejects the whole file."""
    if not data.strip():
        raise FileRejected(bestand, 1, "leeg bestand")
    try:
        root = etree.fromstring(data, xml_parser)
    except etree.XMLSyntaxError as error:
        raise FileRejected(bestand, error.lineno, f"geen geldige XML: {error.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise FileRejected(bestand, 1, "DOCTYPE niet toegestaan (een iJw/iWmo-bericht heeft er geen)")
    return root


def local(tag) -> str | None:
    """Local name of an element tag; None for entity references (their tag is not a string)."""
    name = LOCAL_NAMES.get(tag)
    if name is None and isinstance(tag, str):
        name = tag.rpartition("}")[2]
        if len(LOCAL_NAMES) < LOCAL_NAMES_MAX:
            LOCAL_NAMES[tag] = name
    return name


def flatten(element: Element, fields: Fields | None = None, prefix: str = "", join: bool = False) -> Fields:
    """Every leaf text below ``element``, keyed by local-name path; a later duplicate wins,
    or with ``join`` is appended after a ','.

    An element with children is not a leaf, even if it has text of its own.
    """
    if fields is None:
        fields = {}
    paths = _PATHS.get(prefix) or _paths(prefix)
    for child in element:
        tag = child.tag
        path = paths.get(tag)
        if path is None:
            name = local(tag)
            if name is None:  # an unresolved entity reference
                continue
            path = prefix + name
            if len(paths) < LOCAL_NAMES_MAX:
                paths[tag] = path
        if len(child):
            flatten(child, fields, path + "/", join)
        elif (text := child.text) and (text := text.strip()):
            if join and path in fields:
                fields[path] += "," + text
            else:
                fields[path] = text
    return fields


# Per prefix ('', 'ProductPeriode/'), tag -> its local-name path: a record's paths are built once, not per record.
_PATHS: dict[str, dict[str, str]] = {}


def _paths(prefix: str) -> dict[str, str]:
    if len(_PATHS) >= LOCAL_NAMES_MAX:
        return {}
    return _PATHS.setdefault(prefix, {})


def first(element: Element, paths: Paths) -> Fields:
    """Like ``findtext`` per path: the stripped text of the FIRST element on it, if not empty.

    Only ``paths``, and only until each has been seen: for elements whose other
    content is large (Client with its Relaties, Declaratie with its Clienten).
    """
    fields: Fields = {}
    seen: set[str] = set()
    names = LOCAL_NAMES
    spec, wanted = paths.tree, paths.count
    for child in element:
        tag = child.tag
        target = spec.get(names.get(tag) or local(tag))
        if target is None:
            continue
        if target.__class__ is dict:
            for grandchild in child:
                tag = grandchild.tag
                path = target.get(names.get(tag) or local(tag))
                if path.__class__ is str and path not in seen:
                    seen.add(path)
                    if text := (grandchild.text or "").strip():
                        fields[path] = text
        elif target not in seen:
            seen.add(target)
            if text := (child.text or "").strip():
                fields[target] = text
        if len(seen) == wanted:
            break
    return fields


def child(root: Element, name: str) -> Element | None:
    """The first child of ``root`` with local name ``name`` (``root.find('{*}' + name)``)."""
    for element in root:
        if (LOCAL_NAMES.get(element.tag) or local(element.tag)) == name:
            return element
    return None
