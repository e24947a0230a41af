def test_demo_load_is_idempotent(db, client):
    from hangviet.demo import promotions
    from hangviet.promotions.models import Programme

    promotions.load()
    first = Programme.objects.count()
    promotions.load()
    assert Programme.objects.count() == first == 3
    assert "Tết sum vầy" in client.get("/khuyen-mai/").content.decode()
