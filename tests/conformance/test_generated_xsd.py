"""Every message the demo generator writes validates against the official
iJw / iWmo 3.2 XSDs in ../shared/reference."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from demo import generate, write_sources
from tests.pipelines.sources.berichten_files import wmo325_xsd

XSD_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "istandaarden-3.2"

pytestmark = pytest.mark.skipif(not XSD_ROOT.is_dir(), reason=f"official iJw/iWmo XSDs not found at {XSD_ROOT}")


def _schema(stem: str) -> etree.XMLSchema:
    """jw301 -> ijw/xsd/JW301.xsd, wmo323 -> iwmo/xsd/WMO323.xsd; wmo325, which has no XSD in the
    reference set, -> JW325.xsd in the iWmo namespaces (berichten_files.wmo325_xsd)."""
    if stem == "wmo325":
        return wmo325_xsd()
    standaard = "ijw" if stem.startswith("jw") else "iwmo"
    return etree.XMLSchema(etree.parse(str(XSD_ROOT / standaard / "xsd" / f"{stem.upper()}.xsd")))


def test_every_generated_message_is_xsd_valid(tmp_path):
    # Two gemeenten, so that messages of several gemeenten share a zip.
    write_sources(generate(["GM0168", "GM0183"], seed=11, sample=0.2), tmp_path)
    schemas: dict[str, etree.XMLSchema] = {}
    checked, failures = 0, []
    for path in sorted((tmp_path / "berichten").glob("*/*.zip")):
        schema = schemas.setdefault(path.stem, _schema(path.stem))
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                checked += 1
                if not schema.validate(etree.fromstring(zf.read(name))):
                    failures.append(f"{path.parent.name}/{path.name}:{name}: {schema.error_log.last_error}")
    soorten = ("301", "305", "307", "315", "317", "319", "323", "325")
    assert set(schemas) == {f"{w}{s}" for w in ("jw", "wmo") for s in soorten}
    assert checked > 1000
    assert not failures, "\n".join(failures[:10])
