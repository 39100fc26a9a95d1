from pathlib import Path

from postroom.config import load_settings


def test_defaults_work_with_nothing_installed(tmp_path: Path):
    settings = load_settings({"POSTROOM_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'postroom.db'}"
    assert settings.broker_url == f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    assert settings.embedded_broker
    assert settings.redis_url is None
    assert (settings.api_port, settings.web_port) == (6011, 6012)
    assert settings.host == "127.0.0.1"


def test_generated_secrets_are_kept_in_the_data_directory(tmp_path: Path):
    first = load_settings({"POSTROOM_DATA_DIR": str(tmp_path)})
    second = load_settings({"POSTROOM_DATA_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key
    assert first.admin_client_secrets == second.admin_client_secrets
    assert first.admin_secrets_generated
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_admin_client_secrets_are_comma_separated(tmp_path: Path):
    settings = load_settings(
        {"POSTROOM_DATA_DIR": str(tmp_path), "POSTROOM_ADMIN_CLIENT_SECRETS": "one, two ,"}
    )
    assert settings.admin_client_secrets == ("one", "two")
    assert not settings.admin_secrets_generated


def test_explicit_urls_and_ports_win(tmp_path: Path):
    settings = load_settings(
        {
            "POSTROOM_DATA_DIR": str(tmp_path),
            "POSTROOM_DATABASE_URL": "postgresql+psycopg://db/postroom",
            "POSTROOM_REDIS_URL": "redis://cache:6379/0",
            "POSTROOM_BROKER_URL": "amqp://guest@mq//",
            "POSTROOM_API_PORT": "7011",
            "POSTROOM_SECRET_KEY": "k",
            "POSTROOM_HOST": "0.0.0.0",
        }
    )
    assert settings.host == "0.0.0.0"
    assert settings.database_url == "postgresql+psycopg://db/postroom"
    assert settings.redis_url == "redis://cache:6379/0"
    assert not settings.embedded_broker
    assert settings.api_port == 7011
    assert settings.secret_key == "k"
