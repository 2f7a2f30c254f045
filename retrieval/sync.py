"""Keeping the text index in line with the vector store, and telling what a library is missing.

Embedded, the text index (data_dir/text) holds every chunk and is the primary copy; the vectors in
data_dir/chroma can be recomputed from it, so a text row is never dropped because its vector is gone: the
gap is reported and the next ingest (or `library --repair`) embeds it again. With a server, the server is
the library and the local text index mirrors it, brought up to date whenever the server's write mark moved.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.retrieval.records import JournalEntry
from nianbao.retrieval.server import ServerText
from nianbao.retrieval.store import VectorStore
from nianbao.retrieval.textindex import TextIndex

SYNC_BATCH = 1000
MARK_KEY = "server_mark"


@dataclass(frozen=True)
class Health:
    """What a library is missing: vectors behind its text index, files whose chunks are not all stored."""

    missing_vectors: int = 0
    incomplete: tuple[str, ...] = ()
    server_empty: bool = False  # a server without any write of an index this data dir wrote

    @property
    def ok(self) -> bool:
        """True when nothing is missing."""
        return not (self.missing_vectors or self.incomplete)

    def messages(self) -> list[str]:
        """The gaps in Chinese, with what repairs them."""
        out: list[str] = []
        if self.missing_vectors:
            out.append(f"向量库缺少 {self.missing_vectors} 个片段的向量（向量库文件夹可能被删除或换过）；"
                       "下次运行 nianbao ingest 时会自动重建，也可以现在运行 nianbao library --repair。")
        if self.incomplete:
            cause = "向量库服务器上已没有本资料库写入的内容，服务器可能换了空的数据目录" if self.server_empty else \
                "资料库中缺少其部分片段"
            out.append(f"{len(self.incomplete)} 个已导入的文件需要重新写入：{cause}。再次导入这些文件时会自动补全，"
                       "或运行 nianbao library --repair 重新导入仍在原处的文件。")
        return out


def differences(store: VectorStore, text: TextIndex) -> tuple[list[str], list[str]]:
    """(ids in the vector store only, ids of text rows whose vector is not in the store); one count each
    when both hold the same number."""
    if store.count() == text.count(vector=True):
        return [], []
    stored, held = store.ids(), text.ids(vector=True)
    return sorted(stored - held), sorted(held - stored)


def sync_embedded(store: VectorStore, text: TextIndex) -> tuple[int, list[str]]:
    """Add to the text index the chunks the vector store holds and it lacks (an older version's store, a
    lost text index); never removes a text row. Returns (chunks added, ids whose vectors are missing)."""
    store_only, missing = differences(store, text)
    for start in range(0, len(store_only), SYNC_BATCH):
        text.upsert(store.get(store_only[start : start + SYNC_BATCH]))
    return len(store_only), missing


def sync_server(store: VectorStore, server: ServerText, text: TextIndex) -> int:
    """Make the local text index mirror the server (both collections) when the server's mark moved;
    returns the number of chunks added or removed."""
    mark = server.mark()
    if mark is not None and mark == text.get_state(MARK_KEY):
        return 0
    remote_vec, remote_txt = store.ids(), server.text_ids()
    local_vec, local_txt = text.ids(vector=True), text.ids(vector=False)
    gone = sorted((local_vec - remote_vec) | (local_txt - remote_txt))
    text.delete_ids(gone)
    added = 0
    for ids, fetch, embedded in ((sorted(remote_vec - local_vec), store.get, None),
                                 (sorted(remote_txt - local_txt), server.get_text, set())):
        for start in range(0, len(ids), SYNC_BATCH):
            chunks = fetch(ids[start : start + SYNC_BATCH])
            text.upsert(chunks, embedded)
            added += len(chunks)
    text.set_state(MARK_KEY, mark)
    return len(gone) + added


def incomplete_files(entries: list[JournalEntry], text: TextIndex) -> list[str]:
    """Paths the journal calls done whose content has fewer chunks in the text index than were written."""
    done = [e for e in entries if e.status == "done" and e.chunks]
    if not done:
        return []
    counts = text.content_counts()
    return [e.path for e in done if counts.get(e.content_hash, 0) < e.chunks]
