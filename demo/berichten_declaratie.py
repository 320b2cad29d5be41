"""The declaration messages: the aanbieder's 323 and the gemeente's 325 answer to it (JW325, WMO325).
What the 325 grants is decided in demo/antwoorden.py; this module only writes it down."""

from __future__ import annotations

import numpy as np

from demo.berichten import XSD_VERSIE, Bericht, People, Trajecten, iso_dates, prefix
from demo.model import Region

GEEN_OPMERKING = "0200"  # RetourCode of a header or client without remarks


def berichten_323(region: Region, people: People, tr: Trajecten, berichten: range) -> list[Bericht]:
    """323s for a contiguous range of DeclaratieBerichten rows; their Prestaties
    are contiguous in Declaraties too (sorted by bericht, client)."""
    d = region.declaraties
    lo, hi = np.searchsorted(d.bericht, [berichten.start, berichten.stop])
    traj = d.trajectory[lo:hi]
    bericht = d.bericht[lo:hi]
    person = region.trajectories.person[traj]
    new_client = np.r_[True, (np.diff(person) != 0) | (np.diff(bericht) != 0)]
    end_client = np.r_[new_client[1:], True]
    bedrag = d.bedrag_cent[lo:hi]
    templates = [tr.prestatie_template[k] for k in traj.tolist()]
    opening = [
        tr.client_open[k] % people.bsn[tr.person[k]] if new else ""
        for k, new in zip(traj.tolist(), new_client.tolist(), strict=False)
    ]
    closing = [tr.client_close[k] if end else "" for k, end in zip(traj.tolist(), end_client.tolist(), strict=False)]
    vorige = [
        tr.vorig[k] % v if v else "" for k, v in zip(traj.tolist(), d.vorige_referentie[lo:hi].tolist(), strict=False)
    ]
    lines = [
        template % fields
        for template, fields in zip(
            templates,
            zip(
                opening,
                d.referentie[lo:hi].tolist(),
                vorige,
                iso_dates(d.periode_begin[lo:hi]),
                iso_dates(d.periode_eind[lo:hi]),
                d.volume[lo:hi].tolist(),
                d.tarief_cent[lo:hi].tolist(),
                np.abs(bedrag).tolist(),
                np.where(bedrag < 0, "C", "D").tolist(),
                closing,
                strict=False,
            ),
            strict=False,
        )
    ]
    bounds = np.searchsorted(bericht, np.arange(berichten.start, berichten.stop + 1)).tolist()
    totals = np.add.reduceat(bedrag, bounds[:-1]).tolist()
    return [
        _declaratie(region, b, "".join(lines[bounds[k] : bounds[k + 1]]), totals[k], tr.wet[traj[bounds[k]]])
        for k, b in enumerate(berichten)
    ]


def _declaratie(region: Region, b: int, prestaties: str, total: int, wet: str) -> Bericht:
    m = region.declaratieberichten
    p, ib = prefix(wet, "323")
    begin = m.periode[b]
    eind = (begin.astype("datetime64[M]") + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    dagtekening = str(m.dagtekening[b])
    body = (
        f"<{p}:Declaratie><{p}:DeclaratieNummer>{m.declaratienummer[b]}</{p}:DeclaratieNummer>"
        f"<{p}:DeclaratiePeriode><{ib}:Begindatum>{begin}</{ib}:Begindatum><{ib}:Einddatum>{eind}</{ib}:Einddatum>"
        f"</{p}:DeclaratiePeriode><{p}:DeclaratieDagtekening>{dagtekening}</{p}:DeclaratieDagtekening>"
        f"<{p}:TotaalIngediendBedrag><{ib}:TotaalBedrag>{abs(total)}</{ib}:TotaalBedrag>"
        f"<{ib}:DebetCredit>{'C' if total < 0 else 'D'}</{ib}:DebetCredit></{p}:TotaalIngediendBedrag>"
        f"<{p}:Clienten>{prestaties}</{p}:Clienten></{p}:Declaratie>"
    )
    agb = region.aanbieders[m.aanbieder[b]].agb
    return Bericht(wet, "323", dagtekening, agb, str(m.gemeentecode[b])[2:], body)


def _retourcodes(p: str, code: str) -> str:
    return f"<{p}:RetourCodes><{p}:RetourCode>{code}</{p}:RetourCode></{p}:RetourCodes>"


def berichten_325(
    region: Region,
    people: People,
    tr: Trajecten,
    rows: np.ndarray,
    dagtekening: list[str],
    declaratie_identificatie: dict[int, str],
) -> list[Bericht]:
    """The 325 answering each 323 in ``rows`` (DeclaratieBerichten rows, ascending), dated
    ``dagtekening``; DeclaratieIdentificatie = the 323's BerichtIdentificatie. A 323 holds one
    aanbieder's declarations of one wet, so its answer is a JW325 or a WMO325 as a whole."""
    d, m = region.declaraties, region.declaratieberichten
    lo = np.searchsorted(d.bericht, rows)
    hi = np.searchsorted(d.bericht, rows + 1)
    idx = np.concatenate(
        [np.arange(a, b) for a, b in zip(lo.tolist(), hi.tolist(), strict=False)] or [np.zeros(0, np.int64)]
    )
    traj, bericht = d.trajectory[idx], d.bericht[idx]
    person = region.trajectories.person[traj]
    new_client = np.r_[True, (np.diff(person) != 0) | (np.diff(bericht) != 0)]
    end_client = np.r_[new_client[1:], True]
    bedrag = d.bedrag_cent[idx]
    codes = region.declaratie_antwoorden.retourcode[idx]
    toegekend = region.declaratie_antwoorden.toegekend_cent[idx]
    client_open, client_close, vorig = {}, {}, {}
    for wet in ("jeugd", "wmo"):
        p, ib = prefix(wet, "325")
        client_open[wet] = f"<{p}:Client><{p}:Bsn>%s</{p}:Bsn><{p}:Prestaties>"
        client_close[wet] = f"</{p}:Prestaties>{_retourcodes(p, GEEN_OPMERKING)}</{p}:Client>"
        vorig[wet] = f"<{ib}:VorigReferentieNummer>%s</{ib}:VorigReferentieNummer>"
    templates = tr.prestatie_template_325()
    lines = [
        templates[k]
        % (
            client_open[tr.wet[k]] % people.bsn[tr.person[k]] if new else "",
            ref,
            vorig[tr.wet[k]] % v if v else "",
            begin,
            eind,
            volume,
            tarief,
            abs(b),
            "C" if b < 0 else "D",
            code,
            client_close[tr.wet[k]] if end else "",
        )
        for k, new, ref, v, begin, eind, volume, tarief, b, code, end in zip(
            traj.tolist(),
            new_client.tolist(),
            d.referentie[idx].tolist(),
            d.vorige_referentie[idx].tolist(),
            iso_dates(d.periode_begin[idx]),
            iso_dates(d.periode_eind[idx]),
            d.volume[idx].tolist(),
            d.tarief_cent[idx].tolist(),
            bedrag.tolist(),
            codes.tolist(),
            end_client.tolist(),
            strict=False,
        )
    ]
    out = []
    start = 0
    for r, a, b, dag in zip(rows.tolist(), lo.tolist(), hi.tolist(), dagtekening, strict=False):
        n = b - a
        wet = tr.wet[traj[start]]
        p, ib = prefix(wet, "325")
        ingediend = int(bedrag[start : start + n].sum())
        granted = int(toegekend[start : start + n].sum())
        body = (
            f"<{p}:DeclaratieIdentificatie><{ib}:Identificatie>{declaratie_identificatie[r]}</{ib}:Identificatie>"
            f"<{ib}:Dagtekening>{m.dagtekening[r]}</{ib}:Dagtekening></{p}:DeclaratieIdentificatie>"
            f"<{p}:XsltVersie>{XSD_VERSIE}</{p}:XsltVersie>"
            f"<{p}:XsdVersieDeclaratie><{ib}:BasisschemaXsdVersie>{XSD_VERSIE}</{ib}:BasisschemaXsdVersie>"
            f"<{ib}:BerichtXsdVersie>{XSD_VERSIE}</{ib}:BerichtXsdVersie></{p}:XsdVersieDeclaratie>"
            f"{_retourcodes(p, GEEN_OPMERKING)}</{p}:Header>"
            f"<{p}:DeclaratieAntwoord><{p}:DeclaratieNummer>{m.declaratienummer[r]}</{p}:DeclaratieNummer>"
            f"<{p}:TotaalIngediendBedrag><{ib}:TotaalBedrag>{abs(ingediend)}</{ib}:TotaalBedrag>"
            f"<{ib}:DebetCredit>{'C' if ingediend < 0 else 'D'}</{ib}:DebetCredit></{p}:TotaalIngediendBedrag>"
            f"<{p}:TotaalToegekendBedrag><{ib}:TotaalBedrag>{abs(granted)}</{ib}:TotaalBedrag>"
            f"<{ib}:DebetCredit>{'C' if granted < 0 else 'D'}</{ib}:DebetCredit></{p}:TotaalToegekendBedrag>"
            f"<{p}:Clienten>{''.join(lines[start : start + n])}</{p}:Clienten>"
            f"{_retourcodes(p, GEEN_OPMERKING)}</{p}:DeclaratieAntwoord>"
        )
        start += n
        agb = region.aanbieders[m.aanbieder[r]].agb
        out.append(Bericht(wet, "325", dag, str(m.gemeentecode[r])[2:], agb, body))
    return out
