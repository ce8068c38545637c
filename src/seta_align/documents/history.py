"""``seta-align impacts --history --format json``: every assessed score with who scored it and
when (as its file says) and the commit that last changed it (as git says), and where that
history comes from."""

from __future__ import annotations

from ..analysis.history import AssessedScore, ScoreHistory
from .impacts import heading


def _score(entry: AssessedScore) -> dict:
    change = entry.change
    return {
        "kind": entry.kind,
        "from": entry.source,
        "to": entry.target,
        "score": entry.score,
        "file": entry.file,
        "line": entry.line,
        "assessed_by": entry.assessed_by,
        "assessed_on": entry.assessed_on,
        "source": entry.reference,
        # committed, not_committed, or unknown (no repository, or git could not tell)
        "status": entry.status,
        "commit": change.commit if change else None,
        "full_commit": change.full_commit if change else None,
        "author": change.author if change else None,
        "date": change.date if change else None,
        "summary": change.summary if change else None,
    }


def document(context, history: ScoreHistory, lang: str) -> dict:
    return {
        **heading(context, lang, "history"),
        "repository": {
            "found": history.found,
            # found, partly, not_a_repository, git_not_installed or git_failed
            "state": history.state,
            "message": history.sentence()(lang),
            "detail": history.detail,
            "roots": history.repositories,
            "files": [
                {"file": f.file, "state": f.state, "repository": f.repository, "detail": f.detail}
                for f in history.files
            ],
        },
        "scores": [_score(entry) for entry in history.scores],
    }
