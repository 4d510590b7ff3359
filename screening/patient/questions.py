"""Question wording for the validated instruments (public domain / free to use) and the clinic's own
suicide-screen wording. English is the msgid; the Norwegian text lives in the nb catalogue.

PHQ-9 and GAD-7: Pfizer, no permission required (Kroenke 2001, Spitzer 2006); PCL-5: National
Center for PTSD, public domain (Weathers 2013; Norwegian wording after NKVTS); AUDIT-C: WHO AUDIT
items 1–3 (Bush 1998; Norwegian wording after Helsedirektoratet). The suicide screen asks the six
constructs of the C-SSRS screener in the clinic's own words (the licensed C-SSRS text is not used).
"""

from django.utils.translation import gettext_lazy as _

PHQ_GAD_SCALE = [
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
]

PHQ9_INTRO = _("Over the last 2 weeks, how often have you been bothered by any of the following problems?")
PHQ9_ITEMS = [
    _("Little interest or pleasure in doing things"),
    _("Feeling down, depressed, or hopeless"),
    _("Trouble falling or staying asleep, or sleeping too much"),
    _("Feeling tired or having little energy"),
    _("Poor appetite or overeating"),
    _("Feeling bad about yourself — or that you are a failure or have let yourself or your family down"),
    _("Trouble concentrating on things, such as reading the newspaper or watching television"),
    _("Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
      "fidgety or restless that you have been moving around a lot more than usual"),
    _("Thoughts that you would be better off dead or of hurting yourself in some way"),
]

GAD7_INTRO = _("Over the last 2 weeks, how often have you been bothered by the following problems?")
GAD7_ITEMS = [
    _("Feeling nervous, anxious or on edge"),
    _("Not being able to stop or control worrying"),
    _("Worrying too much about different things"),
    _("Trouble relaxing"),
    _("Being so restless that it is hard to sit still"),
    _("Becoming easily annoyed or irritable"),
    _("Feeling afraid as if something awful might happen"),
]

PCL5_SCALE = [
    (0, _("Not at all")),
    (1, _("A little bit")),
    (2, _("Moderately")),
    (3, _("Quite a bit")),
    (4, _("Extremely")),
]
PCL5_INTRO = _(
    "Below is a list of problems that people sometimes have in response to a very stressful experience. "
    "Keeping your worst event in mind, please read each problem carefully and then select one of the "
    "answers to indicate how much you have been bothered by that problem in the past month."
)
PCL5_ITEMS = [
    _("Repeated, disturbing, and unwanted memories of the stressful experience?"),
    _("Repeated, disturbing dreams of the stressful experience?"),
    _("Suddenly feeling or acting as if the stressful experience were actually happening again "
      "(as if you were actually back there reliving it)?"),
    _("Feeling very upset when something reminded you of the stressful experience?"),
    _("Having strong physical reactions when something reminded you of the stressful experience "
      "(for example, heart pounding, trouble breathing, sweating)?"),
    _("Avoiding memories, thoughts, or feelings related to the stressful experience?"),
    _("Avoiding external reminders of the stressful experience (for example, people, places, conversations, "
      "activities, objects, or situations)?"),
    _("Trouble remembering important parts of the stressful experience?"),
    _("Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts "
      "such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is "
      "completely dangerous)?"),
    _("Blaming yourself or someone else for the stressful experience or what happened after it?"),
    _("Having strong negative feelings such as fear, horror, anger, guilt, or shame?"),
    _("Loss of interest in activities that you used to enjoy?"),
    _("Feeling distant or cut off from other people?"),
    _("Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving "
      "feelings for people close to you)?"),
    _("Irritable behavior, angry outbursts, or acting aggressively?"),
    _("Taking too many risks or doing things that could cause you harm?"),
    _("Being “superalert” or watchful or on guard?"),
    _("Feeling jumpy or easily startled?"),
    _("Having difficulty concentrating?"),
    _("Trouble falling or staying asleep?"),
]

AUDITC_QUESTIONS = [
    (_("How often do you have a drink containing alcohol?"), [
        (0, _("Never")),
        (1, _("Monthly or less")),
        (2, _("2 to 4 times a month")),
        (3, _("2 to 3 times a week")),
        (4, _("4 or more times a week")),
    ]),
    (_("How many drinks containing alcohol do you have on a typical day when you are drinking?"), [
        (0, _("1 or 2")),
        (1, _("3 or 4")),
        (2, _("5 or 6")),
        (3, _("7 to 9")),
        (4, _("10 or more")),
    ]),
    (_("How often do you have six or more drinks on one occasion?"), [
        (0, _("Never")),
        (1, _("Less than monthly")),
        (2, _("Monthly")),
        (3, _("Weekly")),
        (4, _("Daily or almost daily")),
    ]),
]
AUDITC_HELP = _("One drink is a small beer (33 cl), a glass of wine (12 cl) or a small shot of spirits (4 cl).")

# The clinic's own wording of the six C-SSRS screener constructs.
SUICIDE_INTRO = _(
    "These questions are about thoughts of death and suicide. We ask everyone. Answer as honestly as you can: "
    "your answers help us give you the right help."
)
SUICIDE_WISH_DEAD = _("During the past month, have there been times when you wanted to be dead, "
                      "or hoped you would not wake up?")
SUICIDE_ACTIVE_THOUGHTS = _("During the past month, have you had thoughts about taking your own life?")
SUICIDE_METHOD = _("Have you thought about how you might do it?")
SUICIDE_INTENT = _("Have you had any intention of acting on these thoughts?")
SUICIDE_PLAN = _("Have you worked out the details of how you would do it, and do you intend to carry it out?")
SUICIDE_BEHAVIOR = _("Have you ever done something, started to do something or prepared to do something "
                     "to end your life?")
SUICIDE_BEHAVIOR_CHOICES = [
    ("never", _("No, never")),
    ("over_3_months_ago", _("Yes, more than 3 months ago")),
    ("within_3_months", _("Yes, in the past 3 months")),
]
