"""Every figure the agency reports, counted from records. Each annual-report
measure is a module with one ``figures(year: FinancialYear)``; ``tables`` puts
them in the shape the agency prints (the year with the previous one beside it)
for the web page, its CSV download and ``flask report``. Survey results are
shown by period: a financial year or a range of months.

    adopter_journey     packs sent, information events, stage starts and ends
    timescales          average days between stages
    support_calls       support-and-advice calls by council and month, timing, outcomes
    catch_up_calls      catch-up calls due and held
    groups_and_courses  attendance by kind of event
    peer_connectors     connectors, links and contacts
    tables              the annual report's tables
    counting            the year-month key and days between, on either database
    survey_periods      survey periods, rounding
    survey_results      pre-order and post-order results
    survey_comments     free-text answers
    published_surveys   figures of past printed reports
"""

from portal.services.reporting import (
    adopter_journey,
    catch_up_calls,
    groups_and_courses,
    peer_connectors,
    support_calls,
    timescales,
)
from portal.services.reporting.published_surveys import published_periods, record_published_figures
from portal.services.reporting.survey_comments import comments
from portal.services.reporting.survey_periods import (
    Period,
    default_periods,
    financial_year_period,
    parse_period,
    percent,
    respondents,
)
from portal.services.reporting.survey_results import Figure, post_order_report, pre_order_report
from portal.services.reporting.tables import TABLES, Table, YearFigures, all_tables, table

__all__ = [
    "TABLES",
    "Figure",
    "Period",
    "Table",
    "YearFigures",
    "adopter_journey",
    "all_tables",
    "catch_up_calls",
    "comments",
    "default_periods",
    "financial_year_period",
    "groups_and_courses",
    "parse_period",
    "peer_connectors",
    "percent",
    "post_order_report",
    "pre_order_report",
    "published_periods",
    "record_published_figures",
    "respondents",
    "support_calls",
    "table",
    "timescales",
]
