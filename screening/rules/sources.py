"""Where the rules come from, in the clinicians' two languages (shown beside each flag)."""


def source(nb, en=None):
    return {"nb": nb, "en": nb if en is None else en}


def joined(*sources):
    """Several sources as one, in each language: 'A; B'."""
    return {language: "; ".join(s[language] for s in sources) for language in ("nb", "en")}


CLINIC = source("Klinikkens artikler 001, 002 (kontraindikasjoner og målgruppe)",
                "Clinic articles 001, 002 (contraindications and target group)")
APA = source("Sanacora et al., JAMA Psychiatry 2017 (APA-konsensus)",
             "Sanacora et al., JAMA Psychiatry 2017 (APA consensus)")
LABEL = source("Preparatomtale for ketamin (Ketalar SPC; sveitsisk preparatomtale; Ketanest)",
               "Ketamine product information (Ketalar SmPC; Swiss label; Ketanest)")
TRD = source("EMA/CHMP/185423/2010 Rev. 2; Sforzini et al. 2022; klinikkens artikler 002, 003, 000",
             "EMA/CHMP/185423/2010 Rev. 2; Sforzini et al. 2022; clinic articles 002, 003, 000")
CSSRS = source("C-SSRS-screeneren: begreper og triage (Posner 2011)",
               "C-SSRS screener constructs and triage (Posner 2011)")
AUDIT = source("AUDIT-C (Bush 1998)")
INTERACTIONS = source("Williams 2018; Andrashko 2020; Feeney 2023; Andrade 2017; preparatomtale for ketamin",
                      "Williams 2018; Andrashko 2020; Feeney 2023; Andrade 2017; ketamine product information")
FORMAT = source("intake-format.md (spørsmål som stilles)", "intake-format.md (asked questions)")
INSTRUMENTS = source("PHQ-9 (Kroenke 2001); GAD-7 (Spitzer 2006); PCL-5 (Weathers 2013; Blevins 2015)")
