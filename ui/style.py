"""CSS that puts Chinese on the parts of Streamlit's widgets it only writes in English (the file uploader) and
hides the English typing hints ("Press Enter to apply") of text inputs."""

from __future__ import annotations

UPLOAD_LIMIT = "每个文件不超过 50MB"  # .streamlit/config.toml: server.maxUploadSize = 50

CHINESE_WIDGETS = f"""
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: "上传"; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{UPLOAD_LIMIT} · TXT、DOCX、PDF、HTML、MD"; font-size: 0.875rem; opacity: 0.7; }}
[data-testid="InputInstructions"] {{ display: none; }}
</style>
"""
