"""Add an article by pasting its text, add one by URL, or edit an article's details (title, source, date, URL)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(slots=True)
class ArticleDetails:
    title: str
    source: str
    published: str
    url: str
    text: str = ""


class ArticleDialog(QDialog):
    """One form for both: with ``with_text`` the article's text is pasted here (File > New article)."""

    def __init__(self, parent: QWidget | None, *, title: str, details: ArticleDetails | None = None,
                 with_text: bool = False) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        d = details or ArticleDetails("", "", "", "")
        self.title = QLineEdit(d.title)
        self.title.setPlaceholderText("the headline (default: the first line of the text)")
        self.source = QLineEdit(d.source)
        self.source.setPlaceholderText("outlet, e.g. Reuters")
        self.published = QLineEdit(d.published)
        self.published.setPlaceholderText(f"YYYY-MM-DD, e.g. {QDate.currentDate().toString(Qt.DateFormat.ISODate)}")
        self.url = QLineEdit(d.url)
        self.url.setPlaceholderText("https://…")
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Source", self.source)
        form.addRow("&Date", self.published)
        form.addRow("&URL", self.url)
        self.text: QPlainTextEdit | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if with_text:
            self.text = QPlainTextEdit(d.text)
            self.text.setPlaceholderText("Paste the article's text here (Ctrl+V)")
            self.text.setTabChangesFocus(True)
            label = QLabel("Te&xt")
            label.setBuddy(self.text)
            layout.addWidget(label)
            layout.addWidget(self.text, 1)
            self.resize(720, 560)
        else:
            self.resize(560, 200)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.text or self.title).setFocus()

    def details(self) -> ArticleDetails:
        text = self.text.toPlainText() if self.text is not None else ""
        return ArticleDetails(self.title.text().strip(), self.source.text().strip(), self.published.text().strip(),
                              self.url.text().strip(), text)  # fmt: skip


class UrlDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an article from a web address")
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://www.example.org/news/story.html")
        note = QLabel("The page is fetched and its article text kept (boilerplate dropped), "
                      "as for an imported .html file.")  # fmt: skip
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("&Web address"))
        layout.itemAt(0).widget().setBuddy(self.url)  # type: ignore[union-attr]
        layout.addWidget(self.url)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 150)
