"""The messages about a toewijzing: the gemeente's 301, the aanbieder's 305 (start) and 307 (stop),
its requests 315 and 317, and the gemeente's 319 answers. Every value comes from the Region;
this module only writes it down."""

from __future__ import annotations

import numpy as np

from demo.berichten import Bericht, People, Trajecten, iso_dates, prefix, runs
from demo.model import Region, Verzoeken


def berichten_301(region: Region, people: People, tr: Trajecten, months: set[str]) -> list[Bericht]:
    """The 301s dated in ``months``. Every 301 repeats all toewijzingen of the
    client at that aanbieder still valid on its dagtekening, plus the changed
    ones (OP087), so each client's whole history is replayed. A version that grants
    a 315 or 317 names its ReferentieAanbieder; one granting a 317 has RedenWijziging 12."""
    t, w = region.trajectories, region.toewijzing_wijzigingen
    initial = np.flatnonzero(t.toewijzingnummer > 0)
    traj = np.concatenate([initial, w.trajectory])
    datum = np.concatenate([t.toewijzingsdatum[initial], w.toewijzingsdatum])
    tijd = np.concatenate([t.toewijzingstijd[initial], w.toewijzingstijd])
    einde = np.concatenate([t.einddatum[initial], w.einddatum])
    reden = np.concatenate([np.full(len(initial), ""), w.reden_wijziging])
    referentie = np.full(len(traj), "", dtype=object)
    verzoeken = region.verzoeken
    granted = ~verzoeken.afgewezen
    vot = granted & (verzoeken.soort == "315")
    at = np.full(len(t), -1)
    at[initial] = np.arange(len(initial))
    referentie[at[verzoeken.trajectory[vot]]] = verzoeken.referentie[vot]
    vow = granted & (verzoeken.wijziging >= 0)
    referentie[len(initial) + verzoeken.wijziging[vow]] = verzoeken.referentie[vow]
    reden[len(initial) + verzoeken.wijziging[vow]] = "12"  # geïnitieerd door de aanbieder
    order = np.lexsort((traj, tijd, datum, t.aanbieder[traj], t.person[traj]))
    versions = list(
        zip(
            traj[order].tolist(),
            iso_dates(datum[order]),
            tijd[order].tolist(),
            iso_dates(einde[order]),
            reden[order].tolist(),
            referentie[order].tolist(),
            strict=False,
        )
    )
    out: list[Bericht] = []
    for i, j in runs(t.person[traj[order]], t.aanbieder[traj[order]]):
        out += _client_301(versions[i:j], people, tr, months)
    return out


def _client_301(versions, people: People, tr: Trajecten, months: set[str]) -> list[Bericht]:
    first = versions[0][0]
    wet, person = tr.wet[first], tr.person[first]
    p, ib = prefix(wet, "301")
    head = None
    current: dict[int, tuple] = {}
    out = []
    for datum in sorted({v[1] for v in versions}):
        changed = {v[0]: v for v in versions if v[1] == datum}
        current.update(changed)
        if datum[:7] not in months:
            continue
        head = head or people.identity(person, p, ib, volledig=True) + people.contact(person, p, ib)
        valid = [v for k, v in current.items() if k in changed or v[3] == "NaT" or v[3] >= datum]
        products = "".join(_toegewezen(v, tr, p, ib) for v in sorted(valid, key=lambda v: tr.nummer[v[0]]))
        body = f"<{p}:Client>{head}<{p}:ToegewezenProducten>{products}</{p}:ToegewezenProducten></{p}:Client>"
        out.append(Bericht(wet, "301", datum, tr.gemeente[first], tr.agb[first], body))
    return out


def _toegewezen(version, tr: Trajecten, p: str, ib: str) -> str:
    k, datum, tijd, einde, reden, referentie = version
    eind = f"<{p}:Einddatum>{einde}</{p}:Einddatum>" if einde != "NaT" else ""
    wijziging = f"<{p}:RedenWijziging>{reden}</{p}:RedenWijziging>" if reden else ""
    verzoek = f"<{p}:ReferentieAanbieder>{referentie}</{p}:ReferentieAanbieder>" if referentie else ""
    return (
        f"<{p}:ToegewezenProduct><{p}:ToewijzingNummer>{tr.nummer[k]}</{p}:ToewijzingNummer>{verzoek}"
        f"<{p}:Product><{ib}:Categorie>{tr.categorie[k]}</{ib}:Categorie><{ib}:Code>{tr.code[k]}</{ib}:Code>"
        f"</{p}:Product><{p}:Toewijzingsdatum>{datum}</{p}:Toewijzingsdatum>"
        f"<{p}:Toewijzingstijd>{tijd}</{p}:Toewijzingstijd><{p}:Ingangsdatum>{tr.ingang[k]}</{p}:Ingangsdatum>"
        f"{eind}{wijziging}<{p}:Omvang><{ib}:Volume>{tr.volume[k]}</{ib}:Volume>"
        f"<{ib}:Eenheid>{tr.eenheid[k]}</{ib}:Eenheid><{ib}:Frequentie>{tr.frequentie[k]}</{ib}:Frequentie>"
        f"</{p}:Omvang></{p}:ToegewezenProduct>"
    )


def berichten_start_stop(region: Region, people: People, tr: Trajecten, soort: str, months: set[str]) -> list[Bericht]:
    """305 / 307 dated in ``months``: one message per client, aanbieder and
    dagtekening, with every product started (stopped) that day. Taakgericht care
    has no toewijzing, so its products carry no ToewijzingNummer (key: Product + Begindatum, IV096)."""
    t = region.trajectories
    dag = t.dagtekening_start if soort == "305" else t.dagtekening_stop
    rows = np.flatnonzero(np.isin(np.datetime_as_string(dag, unit="M"), list(months)))
    rows = rows[np.lexsort((t.toewijzingnummer[rows], dag[rows], t.aanbieder[rows], t.person[rows]))]
    dagtekening = iso_dates(dag[rows])
    element = "StartProduct" if soort == "305" else "StopProduct"
    out: list[Bericht] = []
    for i, j in runs(t.person[rows], t.aanbieder[rows], dag[rows]):
        first = int(rows[i])
        p, ib = prefix(tr.wet[first], soort)
        products = "".join(_start_stop(k, tr, p, ib, element) for k in rows[i:j].tolist())
        body = (
            f"<{p}:Client>{people.identity(tr.person[first], p, ib, volledig=False)}"
            f"<{p}:{element}en>{products}</{p}:{element}en></{p}:Client>"
        )
        out.append(Bericht(tr.wet[first], soort, dagtekening[i], tr.agb[first], tr.gemeente[first], body))
    return out


def berichten_verzoek(region: Region, people: People, tr: Trajecten, months: set[str]) -> list[Bericht]:
    """The 315s and 317s dated in ``months``: one message per request, one product each."""
    v = region.verzoeken
    rows = np.flatnonzero(np.isin(np.datetime_as_string(v.dagtekening, unit="M"), list(months)))
    dag, einde = iso_dates(v.dagtekening[rows]), iso_dates(v.einddatum[rows])
    out = []
    for r, datum, eind in zip(rows.tolist(), dag, einde, strict=False):
        k = int(v.trajectory[r])
        wet, soort = tr.wet[k], str(v.soort[r])
        p, ib = prefix(wet, soort)
        eind = eind if eind != "NaT" else ""
        if soort == "315":
            body = _verzoek_toewijzing(v, r, k, tr, people, p, ib, eind)
        else:
            body = _verzoek_wijziging(v, r, k, tr, people, p, ib, eind)
        out.append(Bericht(wet, soort, datum, tr.agb[k], tr.gemeente[k], body))
    return out


def _omvang(volume: int, k: int, tr: Trajecten, p: str, ib: str) -> str:
    volume = volume * tr.volume_factor[k]  # per day -> per week, as in the 301
    return (
        f"<{p}:Omvang><{ib}:Volume>{volume}</{ib}:Volume><{ib}:Eenheid>{tr.eenheid[k]}</{ib}:Eenheid>"
        f"<{ib}:Frequentie>{tr.frequentie[k]}</{ib}:Frequentie></{p}:Omvang>"
    )


def _verzoek_toewijzing(v: Verzoeken, r: int, k: int, tr: Trajecten, people: People, p: str, ib: str, eind: str) -> str:
    verwijzer = str(v.verwijzer[r])
    # OP297: the verwijzer's AGB code when known; a made-up huisarts/jeugdarts code (never a name).
    agb = (
        f"<{ib}:ZorgverlenerCode>01{int(v.trajectory[r]) % 1_000_000:06d}</{ib}:ZorgverlenerCode>"
        if verwijzer in ("02", "03", "05")
        else ""
    )
    einddatum = f"<{p}:ToewijzingEinddatum>{eind}</{p}:ToewijzingEinddatum>" if eind else ""
    return (
        f"<{p}:Client>{people.identity(tr.person[k], p, ib, volledig=False)}<{p}:AangevraagdeProducten>"
        f"<{p}:AangevraagdProduct><{p}:ReferentieAanbieder>{v.referentie[r]}</{p}:ReferentieAanbieder>"
        f"<{p}:Product><{ib}:Categorie>{tr.categorie[k]}</{ib}:Categorie><{ib}:Code>{tr.code[k]}</{ib}:Code>"
        f"</{p}:Product><{p}:ToewijzingIngangsdatum>{tr.ingang[k]}</{p}:ToewijzingIngangsdatum>{einddatum}"
        f"{_omvang(int(v.volume[r]), k, tr, p, ib)}"
        f"<{p}:Verwijzer><{ib}:Type>{verwijzer}</{ib}:Type>{agb}</{p}:Verwijzer>"
        f"</{p}:AangevraagdProduct></{p}:AangevraagdeProducten></{p}:Client>"
    )


def _verzoek_wijziging(v: Verzoeken, r: int, k: int, tr: Trajecten, people: People, p: str, ib: str, eind: str) -> str:
    """A TeWijzigenProduct: the same toewijzing with a later Einddatum (extension) or more volume."""
    einddatum = f"<{p}:Einddatum>{eind}</{p}:Einddatum>" if eind else ""
    return (
        f"<{p}:Client><{p}:Bsn>{people.bsn[tr.person[k]]}</{p}:Bsn><{p}:Verzoek>"
        f"<{p}:ReferentieAanbieder>{v.referentie[r]}</{p}:ReferentieAanbieder>"
        f"<{p}:RedenVerzoek>{v.reden_verzoek[r]}</{p}:RedenVerzoek><{p}:TeWijzigenProducten><{p}:TeWijzigenProduct>"
        f"<{p}:ToewijzingNummer>{tr.nummer[k]}</{p}:ToewijzingNummer>"
        f"<{p}:GewensteIngangsdatum>{tr.ingang[k]}</{p}:GewensteIngangsdatum>{einddatum}"
        f"{_omvang(int(v.volume[r]), k, tr, p, ib)}</{p}:TeWijzigenProduct></{p}:TeWijzigenProducten>"
        f"</{p}:Verzoek></{p}:Client>"
    )


def berichten_319(verzoeken: Verzoeken, tr: Trajecten, months: set[str]) -> list[Bericht]:
    """The gemeente's 319s dated in ``months``: "in onderzoek" (2) and "afgewezen" (1) with its reason."""
    v = verzoeken
    out = []
    for dagtekening, antwoord in ((v.onderzoek_319, "2"), (v.afwijzing_319, "1")):
        rows = np.flatnonzero(np.isin(np.datetime_as_string(dagtekening, unit="M"), list(months)))
        for r, datum in zip(rows.tolist(), iso_dates(dagtekening[rows]), strict=False):
            k = int(v.trajectory[r])
            p, _ = prefix(tr.wet[k], "319")
            reden = (
                f"<{p}:RedenAfwijzingVerzoek>{v.reden_afwijzing[r]}</{p}:RedenAfwijzingVerzoek>"
                if antwoord == "1"
                else ""
            )
            body = (
                f"<{p}:Antwoord><{p}:ReferentieAanbieder>{v.referentie[r]}</{p}:ReferentieAanbieder>"
                f"<{p}:VerzoekAntwoord>{antwoord}</{p}:VerzoekAntwoord>{reden}</{p}:Antwoord>"
            )
            out.append(Bericht(tr.wet[k], "319", datum, tr.gemeente[k], tr.agb[k], body))
    return out


def _start_stop(k: int, tr: Trajecten, p: str, ib: str, element: str) -> str:
    toewijzing = f"<{p}:ToewijzingNummer>{tr.nummer[k]}</{p}:ToewijzingNummer>" if tr.nummer[k] else ""
    ingang = f"<{p}:ToewijzingIngangsdatum>{tr.ingang[k]}</{p}:ToewijzingIngangsdatum>" if tr.nummer[k] else ""
    stop = (
        f"<{p}:RedenBeeindiging>{tr.reden[k]}</{p}:RedenBeeindiging><{p}:Einddatum>{tr.eind[k]}</{p}:Einddatum>"
        if element == "StopProduct"
        else ""
    )
    return (
        f"<{p}:{element}>{toewijzing}<{p}:Product><{ib}:Categorie>{tr.categorie[k]}</{ib}:Categorie>"
        f"<{ib}:Code>{tr.code[k]}</{ib}:Code></{p}:Product>{ingang}"
        f"<{p}:Begindatum>{tr.begin[k]}</{p}:Begindatum>{stop}"
        f"<{p}:StatusAanlevering>1</{p}:StatusAanlevering></{p}:{element}>"
    )
