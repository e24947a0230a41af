"""Writes of the events app, split by area of work; import from here."""

from .events import (
                     EventData,
                     ResultsData,
                     event_add_agreement,
                     event_add_photo,
                     event_cancel,
                     event_create,
                     event_publish,
                     event_record_results,
                     event_update,
)
from .participation import (
                     goods_check_record,
                     participation_allocate_booth,
                     participation_apply,
                     participation_decide,
                     participation_withdraw,
)

__all__ = [
    "EventData", "ResultsData", "event_add_agreement", "event_add_photo", "event_cancel", "event_create",
    "event_publish", "event_record_results", "event_update", "goods_check_record", "participation_allocate_booth",
    "participation_apply", "participation_decide", "participation_withdraw",
]
