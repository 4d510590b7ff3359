# Norwegian Bokmål: 15.03.1985, 15.03.1985 14:05, 15.03 (see clinic/formats/__init__.py).
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "d.m"
