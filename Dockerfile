# Rinnalla: one image for the Rasa server, the action server and the web app.
# Build: docker build -t rinnalla .   Run all three: docker compose up
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2

RUN apt-get update \
 # Voikko: Finnish base forms for the topic selector, and the answers' spell-check.
 && apt-get install -y --no-install-recommends curl libvoikko1 voikko-fi \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install "pip==24.2" \
 && pip install -r requirements.txt \
 # spaCy's trained Finnish pipeline (not on PyPI); version 3.4.x matches spaCy 3.4.
 && pip install "https://github.com/explosion/spacy-models/releases/download/fi_core_news_sm-3.4.0/fi_core_news_sm-3.4.0-py3-none-any.whl"

RUN useradd --create-home --uid 10001 rinnalla
COPY --chown=rinnalla:rinnalla . .
USER rinnalla

# Train inside the image, so the model matches the fi_core_news_sm path.
RUN python -m bot train --force && rm -rf var .rasa

ENV WEB_HOST=0.0.0.0 \
    RASA_HOST=0.0.0.0 \
    ACTION_SERVER_HOST=0.0.0.0 \
    SECURE_COOKIES=1
EXPOSE 8000 5005 5055

# The web app's /healthz is 200 only when the database, Rasa and the action
# server all answer. Containers that run only one process override this.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1

CMD ["python", "-m", "bot", "run"]
