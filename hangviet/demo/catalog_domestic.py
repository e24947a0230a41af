"""Demo data of the domestic-goods list: the sample rows of the national list (from the fixture
`catalog/fixtures/domestic_entries.json`, marked there as sample data) and two proposals of Thanh Hóa
(a business's draft and a proposal the Department has forwarded to the Ministry of Finance).
Idempotent: running it again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

FIXTURE = Path(__file__).resolve().parent.parent / "catalog" / "fixtures" / "domestic_entries.json"


def sample_entries() -> dict:
    with FIXTURE.open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_entries() -> int:
    from hangviet.catalog.models import DomesticGoodsEntry

    doc = sample_entries()
    count = 0
    for row in doc["entries"]:
        entry = DomesticGoodsEntry.objects.filter(source=doc["source"], list_kind=row["list_kind"],
                                                  number=row["number"]).first() or DomesticGoodsEntry(
            source=doc["source"], list_kind=row["list_kind"], number=row["number"])
        for key in ("name", "hs_code", "specification", "producers"):
            setattr(entry, key, row[key])
        entry.save()  # computes the folded search key
        count += 1
    return count


@transaction.atomic
def load_proposals() -> int:
    from hangviet.agencies.models import User
    from hangviet.agencies.scope import scope_for
    from hangviet.catalog import domestic
    from hangviet.catalog.models import DomesticProposal
    from hangviet.core.deadlines import today

    made = 0
    business = User.objects.filter(username="doanhnghiep").first()
    officer = User.objects.filter(username="canbo.qlcn").first()
    leader = User.objects.filter(username="lanhdao.sct").first()
    if business and not DomesticProposal.objects.filter(item_name="Màng PE bọc thực phẩm").exists():
        domestic.proposal_create(scope=scope_for(business), data=domestic.ProposalData(
            list_kind="materials", item_name="Màng PE bọc thực phẩm", hs_code="3920.10.19",
            specification="Màng polyetylen dày 10–20 µm, khổ 30–45 cm, đạt QCVN 12-1:2011/BYT",
            capacity="120 tấn/năm"))
        made += 1
    if officer and leader and not DomesticProposal.objects.filter(item_name="Lưới thép hàn cốt bê tông").exists():
        proposal = domestic.proposal_create(scope=scope_for(officer), data=domestic.ProposalData(
            list_kind="construction", item_name="Lưới thép hàn cốt bê tông", hs_code="7314.20.00",
            specification="Sợi thép đường kính 4–12 mm, ô lưới 100×100 đến 300×300 mm, theo TCVN 9391:2012",
            capacity="18.000 tấn/năm (2 nhà máy tại Khu kinh tế Nghi Sơn)"))
        domestic.proposal_submit(scope=scope_for(officer), proposal_id=proposal.pk)
        domestic.proposal_forward(scope=scope_for(leader), proposal_id=proposal.pk, forwarded_on=today(),
                                  forward_document="1234/SCT-QLCN")
        made += 1
    return made


def load(stdout=None) -> dict:
    entries = load_entries()
    proposals = load_proposals()
    if stdout:
        stdout.write(f"  Danh mục hàng trong nước: {entries} mặt hàng mẫu; {proposals} đề xuất mới.\n")
    return {"entries": entries, "proposals": proposals}
