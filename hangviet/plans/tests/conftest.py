import pytest


@pytest.fixture
def th_plan(scope_of):
    from hangviet.plans import services

    from .helpers import th_proposal

    return services.plan_create_from_proposal(scope=scope_of("daumoi.qltm"), proposal=th_proposal(),
                                              source_text="KẾ HOẠCH ...")
