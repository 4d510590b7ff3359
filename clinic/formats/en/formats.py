# English: 15 Mar 1985, 15 Mar 1985 14:05, 15 Mar (see clinic/formats/__init__.py).
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j M"
