"""Tools > Train model: train from the reviewed articles, see the scores, pick the model that pre-annotates.

Training runs as a background task (spaCy trains in a child process); the window stays usable,
progress shows epoch, loss and score, and Cancel stops it. The table compares the base model
and the new one on the held-out articles, per label.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import Services
from desktop.services.training import claims_table

from ..jobs import Jobs
from ..tasks import Task, TaskRunner

COLUMNS = ["Label", "Held out", "Base P", "Base R", "Base F", "New P", "New R", "New F", "Change in F"]


def _plain(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TrainDialog(QDialog):
    def __init__(self, services: Services, runner: TaskRunner, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train model")
        self.setModal(False)
        self._services = services
        self._runner = runner
        self._jobs = jobs
        self.task: Task | None = None
        self.result: Any = None

        layout = QVBoxLayout(self)
        layout.addWidget(_plain("Fine-tune the entity recogniser from the articles marked done: accepted and "
                                "analyst spans teach it, rejected suggestions tell it what is not an entity, "
                                "unreviewed articles are left out. The new model is scored on held-out articles "
                                "next to the base model before you use it.", self))  # fmt: skip
        form = QFormLayout()
        self.split = QDoubleSpinBox(self)
        self.split.setRange(0.05, 0.5)
        self.split.setSingleStep(0.05)
        self.split.setValue(0.2)
        self.epochs = QSpinBox(self)
        self.epochs.setRange(1, 100)
        self.epochs.setValue(10)
        self.labels = QLineEdit(self)
        self.labels.setPlaceholderText("default: new labels and those the analysts added or rejected")
        form.addRow("Held out for scoring:", self.split)
        form.addRow("At most epochs:", self.epochs)
        form.addRow("Labels to learn:", self.labels)
        layout.addLayout(form)

        run_row = QHBoxLayout()
        self.train_button = QPushButton("&Train", self)
        self.cancel_button = QPushButton("Cancel training", self)
        self.cancel_button.setEnabled(False)
        run_row.addWidget(self.train_button)
        run_row.addWidget(self.cancel_button)
        run_row.addStretch(1)
        layout.addLayout(run_row)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = _plain("", self)
        layout.addWidget(self.status)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.verdict = _plain("", self)
        layout.addWidget(self.verdict)
        self.claims = _plain("", self)  # the claim filter's scores next to the rules alone
        self.claims.setStyleSheet("font-family: monospace")
        layout.addWidget(self.claims)

        pick = QHBoxLayout()
        pick_label = _plain("Pre-annotate with:", self)
        pick_label.setWordWrap(False)
        pick.addWidget(pick_label)
        self.models = QComboBox(self)
        pick.addWidget(self.models, 1)
        self.use_button = QPushButton("&Use this model", self)
        self.reannotate_button = QPushButton("&Re-annotate unreviewed articles", self)
        pick.addWidget(self.use_button)
        pick.addWidget(self.reannotate_button)
        layout.addLayout(pick)
        team_row = QHBoxLayout()
        self.team = _plain("", self)
        self.share_button = QPushButton("&Share with the team", self)
        self.share_button.setToolTip("Store this model in the database: every analyst's pre-annotation uses it")
        self.stop_sharing_button = QPushButton("Stop sharing", self)
        team_row.addWidget(self.team, 1)
        team_row.addWidget(self.share_button)
        team_row.addWidget(self.stop_sharing_button)
        layout.addLayout(team_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button.clicked.connect(self.use_selected)
        self.reannotate_button.clicked.connect(self.reannotate)
        self.share_button.clicked.connect(self.share_selected)
        self.stop_sharing_button.clicked.connect(self.stop_sharing)
        self.models.currentIndexChanged.connect(self._show_selected)
        self.refresh_models()
        self.resize(820, 560)

    # -- models ------------------------------------------------------------------------------
    def refresh_models(self, select: str | None = None) -> None:
        trainer = self._services.trainer
        active = trainer.active()
        self.models.blockSignals(True)
        self.models.clear()
        self.models.addItem(("* " if active == "base" else "") + "The installed model (base)", "base")
        for v in trainer.versions():
            mark = "* " if v.version == active else ""
            self.models.addItem(f"{mark}{v.version}: {v.name}, {v.created}, learned {', '.join(v.labels)}",
                                v.version)  # fmt: skip
        wanted = select or active
        index = self.models.findData(wanted)
        self.models.setCurrentIndex(max(0, index))
        self.models.blockSignals(False)
        team = trainer.team_model()
        self.team.setText(f"Team model: {team.version} ({team.name}), shared by {team.shared_by or 'unknown'}; "
                          "it pre-annotates for everybody when Newsdesk starts." if team else
                          "No model is shared with the team on this database.")  # fmt: skip
        self.stop_sharing_button.setEnabled(team is not None)
        self._show_selected()

    def _show_selected(self) -> None:
        version = self.models.currentData()
        if not version or version == "base" or self.task is not None:
            return
        for v in self._services.trainer.versions():
            if v.version == version and v.evaluation:
                self.show_evaluation(v.evaluation)
                self.claims.setText(claims_table(v.claims) if v.claims else "")

    def use_selected(self) -> None:
        version = self.models.currentData()
        if not version:
            return
        self._services.trainer.choose(str(version))
        self.refresh_models(str(version))
        self._jobs.load_model()  # the status bar and Help > About name the model in use
        self.status.setText(f"Pre-annotation now uses {self.models.currentText().lstrip('* ')}.")

    def share_selected(self) -> None:
        version = self.models.currentData()
        if not version or version == "base":
            self.status.setText("Pick a trained model to share.")
            return
        shared = self._services.trainer.share(str(version), shared_by=self._services.annotator_name)
        self._services.trainer.apply_preferred()
        self._jobs.load_model()
        self.refresh_models(str(version))
        self.status.setText(f"Shared {shared.version} with the team.")

    def stop_sharing(self) -> None:
        self._services.trainer.stop_sharing()
        self._services.trainer.apply_preferred()
        self._jobs.load_model()
        self.refresh_models()
        self.status.setText("The team model is no longer shared; each analyst's own choice applies.")

    def reannotate(self) -> None:
        self._jobs.annotate_pending(force=True, unreviewed_only=True)
        self.status.setText("Re-annotating the unreviewed articles with the model in use (see the status bar).")

    # -- training ----------------------------------------------------------------------------
    def start(self) -> None:
        if self.task is not None:
            return
        labels = [t for t in self.labels.text().replace(",", " ").split() if t] or None
        split, epochs = self.split.value(), self.epochs.value()
        trainer = self._services.trainer

        def run(progress: Any) -> object:
            return trainer.train(labels=labels, eval_split=split, max_epochs=epochs, progress=progress)

        task = self._runner.submit("Training the model", run, writer=False)
        self.task = task
        self.train_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, epochs)
        self.progress.setValue(0)
        self.status.setText("Starting spaCy's training…")
        self.verdict.setText("")
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(lambda exc: self._ended(f"Training failed: {exc}"))
        task.cancelled.connect(lambda: self._ended("Training cancelled; no model was kept."))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling…")

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(min(done, total))
        if message:
            self.status.setText(message)

    def _ended(self, message: str) -> None:
        self.task = None
        self.train_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(message)

    def _succeeded(self, report: Any) -> None:
        self.result = report
        self._ended(f"Trained {report.model.version} ({report.model.name}) on {report.summary.train_articles} "
                    f"articles; scored on {report.summary.heldout_articles} held out. It is not in use until you "
                    f"choose it below.")  # fmt: skip
        self.refresh_models(report.model.version)
        self.show_evaluation(report.evaluation.to_json())
        self.claims.setText(report.claims_table())

    def show_evaluation(self, evaluation: dict[str, Any]) -> None:
        rows = evaluation.get("labels", [])
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            b, n = row["base"], row["new"]
            cells = [row["label"] + (" (learned)" if row["learned"] else ""), str(row["support"]),
                     *(f"{100 * b[k]:.1f}" for k in "prf"), *(f"{100 * n[k]:.1f}" for k in "prf"),
                     f"{100 * (n['f'] - b['f']):+.1f}"]  # fmt: skip
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        lf, of = evaluation.get("learned_f", {}), evaluation.get("others_f", {})
        if lf:
            self.verdict.setText(f"Learned labels F: base {100 * lf['base']:.1f}, new {100 * lf['new']:.1f}.  "
                                 f"Other labels F: base {100 * of['base']:.1f}, "
                                 f"new {100 * of['new']:.1f}.")  # fmt: skip

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self.task is not None:
            self.task.cancel()
        super().closeEvent(event)
