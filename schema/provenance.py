"""Where a fact came from: the line the reader read, and its place in the original file."""

from pydantic import BaseModel, ConfigDict, Field


class Source(BaseModel):
    """A 1-based line of the text the reader read, its text, and where it sits in the original file.

    Forms: a .txt notice has `line` only (the file's own line). A Word/.doc/HTML notice adds `file`
    and `paragraph` (body paragraph) or `table` + `row` + `column` (grid position, merges resolved);
    a PDF adds `page` + `page_line` (and `table`/`row`/`column` for table cells); an .xlsx annex adds
    `sheet` + `row` + `column`. `place` says the same in words (第12段, 表2第3行第4列, 第3页第7行).
    """

    model_config = ConfigDict(frozen=True)

    line: int = Field(
        description="1-based line of the text the reader read: the .txt file's line, or of the "
        "text rendered from a Word/PDF/HTML file (paragraph lines, tab-prefixed table cells)"
    )
    text: str
    original: str | None = None
    file: str | None = Field(
        default=None, description="the original file (notice or annex) of this line"
    )
    place: str | None = Field(
        default=None, description="the place in the original in words, e.g. 表2第3行第4列"
    )
    paragraph: int | None = Field(default=None, description="1-based body paragraph (Word, HTML)")
    table: int | None = Field(default=None, description="1-based table number within the file")
    row: int | None = Field(default=None, description="1-based grid row of the table or sheet")
    column: int | None = Field(
        default=None, description="1-based grid column of the table or sheet"
    )
    page: int | None = Field(default=None, description="1-based page (PDF)")
    page_line: int | None = Field(default=None, description="1-based text line on that page (PDF)")
    sheet: str | None = Field(default=None, description="worksheet name (.xlsx annex)")
