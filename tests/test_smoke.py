def test_status_reports_database_reachable(anonymous_client):
    response = anonymous_client.get("/_status")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_service_factory_makes_trial_service(service):
    assert service.restricted is True
    assert service.sms_message_limit == 50
    assert service.version == 1
