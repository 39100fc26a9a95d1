def test_placeholder_page_links_to_the_api(backend):
    from postroom.web import create_app

    client = create_app(backend["settings"]).test_client()
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Postroom</title>" in page and page.count("<h1>") == 1
    assert "/openapi.json" in page
    assert client.get("/_status").get_json() == {"status": "ok", "database": "ok"}
