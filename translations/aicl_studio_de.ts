<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ComparisonView</name>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="+139"/>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the two clips next to each other</source>
        <translation>Die beiden Clips nebeneinander zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split</source>
        <translation>Geteilt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show one frame: the first clip left of the divider, the second clip right of it</source>
        <translation>Ein Bild zeigen: links der Trennlinie der erste Clip, rechts davon der zweite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Position of the divider between the two clips</source>
        <translation>Position der Trennlinie zwischen den beiden Clips</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something about the two clips differs</source>
        <translation>Die beiden Clips unterscheiden sich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One clip of the comparison; both follow the same timeline</source>
        <translation>Ein Clip des Vergleichs; beide folgen derselben Zeitleiste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clip shown below</source>
        <translation>Der darunter gezeigte Clip</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The clips differ in length (%1: %2 frames, %3: %4 frames); both play their first %5 frames.</source>
        <translation>Die Clips sind unterschiedlich lang (%1: %2 Bilder, %3: %4 Bilder); beide spielen ihre ersten %5 Bilder ab.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The frames differ in size (%1x%2 and %3x%4); the split view scales %5 to %1x%2.</source>
        <translation>Die Bilder sind unterschiedlich groß (%1x%2 und %3x%4); die geteilte Ansicht skaliert %5 auf %1x%2.</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>No clips to compare</source>
        <translation>Keine Clips zum Vergleichen</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../app/controller.cpp" line="+37"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Cancelled before it started</source>
        <translation>Vor dem Start abgebrochen</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../widgets/drop_zone.cpp" line="+30"/>
        <source>Drop reference videos here
or click to choose files</source>
        <translation>Referenzvideos hier ablegen
oder klicken, um Dateien auszuwählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference videos of the action: %1</source>
        <translation>Referenzvideos der Aktion: %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Videos (%1)</source>
        <translation>Videos (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add reference videos</source>
        <translation>Referenzvideos hinzufügen</translation>
    </message>
</context>
<context>
    <name>Examples</name>
    <message>
        <location filename="../app/examples.cpp" line="+10"/>
        <source>%1 (an action the model never learned)</source>
        <translation>%1 (eine Aktion, die das Modell nie gelernt hat)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (an action the model knows)</source>
        <translation>%1 (eine Aktion, die das Modell kennt)</translation>
    </message>
</context>
<context>
    <name>FeaturePlot</name>
    <message>
        <location filename="../widgets/feature_plot.cpp" line="+66"/>
        <source>Action Prism features of each video, projected on their first two principal components.
Markers grow with the frame number; the hollow square is the first frame, the arrow points at the last one; generated videos are dashed.
Wheel: zoom, drag: pan, double-click: fit.</source>
        <translation>Action-Prism-Merkmale jedes Videos, projiziert auf ihre ersten beiden Hauptkomponenten.
Die Markierungen wachsen mit der Bildnummer; das hohle Quadrat ist das erste Bild, der Pfeil zeigt auf das letzte; erzeugte Videos sind gestrichelt.
Mausrad: zoomen, Ziehen: verschieben, Doppelklick: einpassen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why the feature plot is empty</source>
        <translation>Warum das Merkmalsdiagramm leer ist</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PC1</source>
        <translation>PC1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PC2</source>
        <translation>PC2</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+80"/>
        <source>%1 (generated)</source>
        <translation>%1 (erzeugt)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>%1, frame %2 of %3</source>
        <translation>%1, Bild %2 von %3</translation>
    </message>
</context>
<context>
    <name>FrameView</name>
    <message>
        <location filename="../widgets/frame_view.cpp" line="+17"/>
        <location line="+28"/>
        <source>The current frame</source>
        <translation>Das aktuelle Bild</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Click or drag on the frame to move the divider between the two clips</source>
        <translation>Auf das Bild klicken oder darauf ziehen, um die Trennlinie zwischen den beiden Clips zu verschieben</translation>
    </message>
</context>
<context>
    <name>GalleryWidget</name>
    <message>
        <location filename="../widgets/gallery.cpp" line="+147"/>
        <location line="+4"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Reuse settings</source>
        <translation>Einstellungen übernehmen</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete...</source>
        <translation>Löschen...</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Filter by prompt</source>
        <translation>Nach Prompt filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only the results whose prompt contains these words</source>
        <translation>Nur die Ergebnisse zeigen, deren Prompt diese Wörter enthält</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results, newest first; double-click one to open it</source>
        <translation>Ergebnisse, die neuesten zuerst; zum Öffnen doppelklicken</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the selected result (double-click, Enter)</source>
        <translation>Das ausgewählte Ergebnis öffnen (Doppelklick, Eingabetaste)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the prompt, references and settings of the selected result back into the editor</source>
        <translation>Prompt, Referenzen und Einstellungen des ausgewählten Ergebnisses wieder in den Editor übernehmen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the selected result&apos;s files in the file manager</source>
        <translation>Die Dateien des ausgewählten Ergebnisses im Dateimanager zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected result and its files (Delete)</source>
        <translation>Das ausgewählte Ergebnis und seine Dateien löschen (Entf)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>(no prompt)</source>
        <translation>(kein Prompt)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>With a baseline from the same seed to compare with</source>
        <translation>Mit einer Baseline aus demselben Seed zum Vergleich</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>No results yet.</source>
        <translation>Noch keine Ergebnisse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No result matches the filter.</source>
        <translation>Kein Ergebnis passt zum Filter.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delete result</source>
        <translation>Ergebnis löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the result &quot;%1&quot; and its files?</source>
        <translation>Das Ergebnis „%1“ und seine Dateien löschen?</translation>
    </message>
</context>
<context>
    <name>GenerationSettings</name>
    <message>
        <location filename="../app/generation_settings.cpp" line="+99"/>
        <source>Enter a prompt.</source>
        <translation>Geben Sie einen Prompt ein.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompt has %1 characters; at most %2 are used.</source>
        <translation>Der Prompt hat %1 Zeichen; höchstens %2 werden verwendet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add at least one reference video for AICL, or choose the Baseline mode.</source>
        <translation>Fügen Sie für AICL mindestens ein Referenzvideo hinzu oder wählen Sie den Modus „Baseline“.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>f16 runs on CUDA only; choose f32 or bf16.</source>
        <translation>f16 läuft nur mit CUDA; wählen Sie f32 oder bf16.</translation>
    </message>
</context>
<context>
    <name>JobListWidget</name>
    <message>
        <location filename="../widgets/job_list.cpp" line="+239"/>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+2"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show result</source>
        <translation>Ergebnis zeigen</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs in the order they were queued; double-click a finished job to show its result</source>
        <translation>Aufträge in der Reihenfolge, in der sie eingereiht wurden; ein Doppelklick auf einen beendeten Auftrag zeigt sein Ergebnis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job number and title</source>
        <translation>Auftragsnummer und Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued, running, done, failed or cancelled</source>
        <translation>Wartend, läuft, fertig, fehlgeschlagen oder abgebrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps done / steps</source>
        <translation>Erledigte Schritte / Schritte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimated time until the job is done</source>
        <translation>Geschätzte Zeit, bis der Auftrag fertig ist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why a job failed, or other news about it</source>
        <translation>Warum ein Auftrag fehlschlug, oder andere Neuigkeiten dazu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the selected queued or running job</source>
        <translation>Den ausgewählten wartenden oder laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected finished job from the list (Delete)</source>
        <translation>Den ausgewählten beendeten Auftrag aus der Liste entfernen (Entf)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the result of the selected job</source>
        <translation>Das Ergebnis des ausgewählten Auftrags zeigen</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>starting...</source>
        <translation>wird gestartet...</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Job %1: %2
%3</source>
        <translation>Auftrag %1: %2
%3</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../widgets/log_panel.cpp" line="+19"/>
        <source>Messages of the engine and the application</source>
        <translation>Meldungen der Engine und der Anwendung</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../widgets/loss_plot.cpp" line="+216"/>
        <source>Log scale</source>
        <translation>Logarithmisch</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+2"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training loss per step and its moving average; drag to pan, wheel to zoom</source>
        <translation>Trainingsverlust pro Schritt und sein gleitender Durchschnitt; Ziehen verschiebt, Mausrad zoomt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logarithmic loss axis</source>
        <translation>Logarithmische Verlustachse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smoothing </source>
        <translation>Glättung </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight of the past in the moving average (0: none, closer to 1: smoother)</source>
        <translation>Gewicht der Vergangenheit im gleitenden Durchschnitt (0: keine Glättung, näher an 1: glatter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every point and follow new ones again</source>
        <translation>Alle Punkte zeigen und wieder neuen Punkten folgen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the plot as a PNG image or a PDF file</source>
        <translation>Das Diagramm als PNG-Bild oder PDF-Datei speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image...</source>
        <translation>PNG-Bild...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the plot as a PNG image</source>
        <translation>Das Diagramm als PNG-Bild speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF file...</source>
        <translation>PDF-Datei...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the plot as a vector PDF file</source>
        <translation>Das Diagramm als Vektor-PDF-Datei speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of points, the last loss, and lines of the file that could not be read</source>
        <translation>Anzahl der Punkte, der letzte Verlust und die Zeilen der Datei, die nicht gelesen werden konnten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>smoothed (EMA %1)</source>
        <translation>geglättet (EMA %1)</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n Punkt</numerusform>
            <numerusform>%n Punkte</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last loss %1 at step %2</source>
        <translation>letzter Verlust %1 bei Schritt %2</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n value(s) skipped</source>
        <translation>
            <numerusform>%n Wert übersprungen</numerusform>
            <numerusform>%n Werte übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>following %1</source>
        <translation>folgt %1</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+43"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>%1 is empty</source>
        <translation>%1 ist leer</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+55"/>
        <source>%1: the header has no &quot;step&quot; and &quot;loss&quot; columns</source>
        <translation>%1: Die Kopfzeile hat keine Spalten „step“ und „loss“</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Export the loss plot as PDF</source>
        <translation>Verlustdiagramm als PDF exportieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export the loss plot as PNG</source>
        <translation>Verlustdiagramm als PNG exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/main_window.cpp" line="+386"/>
        <source>AICL Studio</source>
        <translation>AICL Studio</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Classifier-free guidance scale (1 or less: no guidance)</source>
        <translation>Stärke der Classifier-free Guidance (1 oder weniger: keine Guidance)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>native</source>
        <translation>nativ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size in pixels; &quot;native&quot;: the model&apos;s own size</source>
        <translation>Größe in Pixeln; „nativ“: die eigene Größe des Modells</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DPM-Solver++ (2M)</source>
        <translation>DPM-Solver++ (2M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sampler</source>
        <translation>Der Sampler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strength of the Action Integration: 0 is the baseline, 1 as trained</source>
        <translation>Stärke der Action Integration: 0 ist die Baseline, 1 wie trainiert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate with AICL, with the base model alone, or both from the same seed and noise</source>
        <translation>Mit AICL, nur mit dem Basismodell oder beides aus demselben Seed und Rauschen erzeugen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where the model runs</source>
        <translation>Wo das Modell läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>float16 (CUDA)</source>
        <translation>float16 (CUDA)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision of the weights and activations</source>
        <translation>Genauigkeit der Gewichte und Aktivierungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue a generation with these settings (Ctrl+Enter)</source>
        <translation>Eine Generierung mit diesen Einstellungen einreihen (Strg+Eingabe)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the running generation within one step (Esc)</source>
        <translation>Die laufende Generierung innerhalb eines Schritts anhalten (Esc)</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scheduler</source>
        <translation>Scheduler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AICL strength</source>
        <translation>AICL-Stärke</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The live preview while a job runs, then the result</source>
        <translation>Die Live-Vorschau während ein Auftrag läuft, danach das Ergebnis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baseline and AICL from the same seed and initial noise</source>
        <translation>Baseline und AICL aus demselben Seed und Anfangsrauschen</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>References</source>
        <translation>Referenzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt &amp; settings</source>
        <translation>Prompt &amp; Einstellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action features</source>
        <translation>Aktionsmerkmale</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 threads | %2 | %3</source>
        <translation>%1 Threads | %2 | %3</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+13"/>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+13"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>a red circle zigzagging on a black background</source>
        <translation>a red circle zigzagging on a black background</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the generated video shows</source>
        <translation>Was das erzeugte Video zeigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the video should not show</source>
        <translation>Was das Video nicht zeigen soll</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed of the initial noise: the same seed gives the same video</source>
        <translation>Seed des Anfangsrauschens: derselbe Seed ergibt dasselbe Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw a new seed</source>
        <translation>Einen neuen Seed ziehen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep this seed for the next generations (unlocked: every job draws a new seed)</source>
        <translation>Diesen Seed für die nächsten Generierungen behalten (entsperrt: jeder Auftrag zieht einen neuen Seed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denoising steps</source>
        <translation>Entrauschungsschritte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frames to generate</source>
        <translation>Anzahl der zu erzeugenden Bilder</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Both (side by side)</source>
        <translation>Beide (nebeneinander)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+260"/>
        <source>AICL</source>
        <translation>AICL</translation>
    </message>
    <message>
        <location line="-260"/>
        <location line="+260"/>
        <source>Baseline</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <location line="-254"/>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Negative</source>
        <translation>Negativ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Guidance</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <location line="-132"/>
        <location line="+497"/>
        <source>Add reference videos to see the motion the Action Prism extracts.</source>
        <translation>Fügen Sie Referenzvideos hinzu, um die Bewegung zu sehen, die das Action Prism extrahiert.</translation>
    </message>
    <message>
        <location line="-371"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add reference videos...</source>
        <translation>Referenzvideos &amp;hinzufügen...</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Videos (%1)</source>
        <translation>Videos (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add reference videos</source>
        <translation>Referenzvideos hinzufügen</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Choose reference videos of the action</source>
        <translation>Referenzvideos der Aktion auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export result...</source>
        <translation>Ergebnis &amp;exportieren...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open project &amp;folder</source>
        <translation>Projekt&amp;ordner öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New &amp;random seed</source>
        <translation>Neuer &amp;zufälliger Seed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Examples</source>
        <translation>&amp;Beispiele</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Three reference videos and the prompt &quot;%1&quot;</source>
        <translation>Drei Referenzvideos und der Prompt „%1“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About AICL Studio</source>
        <translation>&amp;Über AICL Studio</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Job %1 running</source>
        <translation>Auftrag %1 läuft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Job %1 cancelled</source>
        <translation>Auftrag %1 abgebrochen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Job %1 failed: %2</source>
        <translation>Auftrag %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Job %1: step %2 of %3, %4 left</source>
        <translation>Auftrag %1: Schritt %2 von %3, noch %4</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No features: %1</source>
        <translation>Keine Merkmale: %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This model samples best with %1 steps and guidance %2</source>
        <translation>Dieses Modell erzeugt am besten mit %1 Schritten und Guidance %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model error</source>
        <translation>Modellfehler</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>About AICL Studio</source>
        <translation>Über AICL Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;AICL Studio %1&lt;/b&gt;&lt;p&gt;Action in-context learning for video diffusion models.&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;b&gt;AICL Studio %1&lt;/b&gt;&lt;p&gt;Action In-Context Learning für Video-Diffusionsmodelle.&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Example loaded: the base model never learned this action; press Ctrl+Enter to see what AICL makes of the references.</source>
        <translation>Beispiel geladen: Das Basismodell hat diese Aktion nie gelernt; Strg+Eingabe zeigt, was AICL aus den Referenzen macht.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Example loaded: press Ctrl+Enter to generate.</source>
        <translation>Beispiel geladen: Strg+Eingabe erzeugt das Video.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Could not save the session: %1</source>
        <translation>Die Sitzung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Job %1 queued (seed %2).</source>
        <translation>Auftrag %1 eingereiht (Seed %2).</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Could not save the result: %1</source>
        <translation>Das Ergebnis konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Job %1 done in %2 s</source>
        <translation>Auftrag %1 in %2 s erledigt</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Opening %1...</source>
        <translation>%1 wird geöffnet...</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot open the result: %1</source>
        <translation>Das Ergebnis kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Settings of %1 restored.</source>
        <translation>Einstellungen von %1 wiederhergestellt.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1, seed %2, %3 steps, %4 s</source>
        <translation>%1, Seed %2, %3 Schritte, %4 s</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>baseline</source>
        <translation>Baseline</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AICL result</source>
        <translation>AICL-Ergebnis</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Export result</source>
        <translation>Ergebnis exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 video (*.mp4);;WebM video (*.webm);;GIF animation (*.gif);;PNG frames (folder, no extension) (*)</source>
        <translation>MP4-Video (*.mp4);;WebM-Video (*.webm);;GIF-Animation (*.gif);;PNG-Bilder (Ordner, ohne Endung) (*)</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Exporting %1...</source>
        <translation>%1 wird exportiert...</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Quit AICL Studio</source>
        <translation>AICL Studio beenden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A generation is running. Cancel it and quit?</source>
        <translation>Eine Generierung läuft. Abbrechen und beenden?</translation>
    </message>
</context>
<context>
    <name>MotionPlot</name>
    <message>
        <location filename="../widgets/motion_plot.cpp" line="+63"/>
        <source>frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>px/frame</source>
        <translation>px/Bild</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominant motion per frame (optical flow): speed as a line, direction as dots (0 right, 90 up, 180 left); grey lines: the references&apos; speeds</source>
        <translation>Vorherrschende Bewegung je Bild (optischer Fluss): Geschwindigkeit als Linie, Richtung als Punkte (0 rechts, 90 oben, 180 links); graue Linien: die Geschwindigkeiten der Referenzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motion: computing...</source>
        <translation>Bewegung: wird berechnet...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The motion plot appears when the optical flow of this clip is computed</source>
        <translation>Das Bewegungsdiagramm erscheint, sobald der optische Fluss dieses Clips berechnet ist</translation>
    </message>
</context>
<context>
    <name>PromptTokenLabel</name>
    <message>
        <location filename="../app/prompt_token_label.cpp" line="+55"/>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 Tokens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text encoder reads the first %1 tokens; the rest of the prompt is ignored</source>
        <translation>Der Text-Encoder liest die ersten %1 Tokens; der Rest des Prompts wird ignoriert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tokens the text encoder reads from the prompt (at most %1)</source>
        <translation>Tokens, die der Text-Encoder aus dem Prompt liest (höchstens %1)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine_worker.cpp" line="+94"/>
        <source>truncated: only %1 of %2 frames decode</source>
        <translation>abgeschnitten: nur %1 von %2 Bildern lassen sich decodieren</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No AICL adapter: only the baseline can run.</source>
        <translation>Kein AICL-Adapter: nur die Baseline kann laufen.</translation>
    </message>
</context>
<context>
    <name>ReferenceListWidget</name>
    <message>
        <location filename="../widgets/reference_list.cpp" line="+235"/>
        <source>Drag to change the order of the references</source>
        <translation>Ziehen, um die Reihenfolge der Referenzen zu ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move this reference up (earlier)</source>
        <translation>Diese Referenz nach oben (früher) verschieben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move this reference down (later)</source>
        <translation>Diese Referenz nach unten (später) verschieben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove this reference</source>
        <translation>Diese Referenz entfernen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Caption (optional)</source>
        <translation>Beschreibung (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens in this clip, in words; empty: no caption</source>
        <translation>Was in diesem Clip geschieht, in Worten; leer: keine Beschreibung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the clip from this time on (seconds)</source>
        <translation>Den Clip ab dieser Zeit verwenden (Sekunden)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>end</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the clip up to this time (seconds), after the start; &quot;end&quot; (step below the start) uses it to its end</source>
        <translation>Den Clip bis zu dieser Zeit verwenden (Sekunden), nach dem Anfang; „Ende“ (unter den Anfang stellen) verwendet ihn bis zum Schluss</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame count</source>
        <translation>Bildanzahl</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frame stride</source>
        <translation>Bildabstand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frame count: that many frames spread evenly over the clip.
Frame stride: every n-th frame of the clip.</source>
        <translation>Bildanzahl: so viele Bilder, gleichmäßig über den Clip verteilt.
Bildabstand: jedes n-te Bild des Clips.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many frames to take (&quot;as generated&quot;: as many as the generated video has), or the step between taken frames</source>
        <translation>Wie viele Bilder genommen werden („wie erzeugt“: so viele, wie das erzeugte Video hat), oder der Abstand zwischen den genommenen Bildern</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Trim</source>
        <translation>Zuschnitt</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>as generated</source>
        <translation>wie erzeugt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> frames</source>
        <translation> Bilder</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>every </source>
        <translation>alle </translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Reference %1 of %2: its colour in the feature plot</source>
        <translation>Referenz %1 von %2: ihre Farbe im Merkmalsdiagramm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Point at the thumbnail to play a short preview</source>
        <translation>Auf das Vorschaubild zeigen, um eine kurze Vorschau abzuspielen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first frame of the clip</source>
        <translation>Das erste Bild des Clips</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Reference videos, in the order the model gets them; drag a row or use its arrows to reorder</source>
        <translation>Referenzvideos in der Reihenfolge, in der das Modell sie erhält; zum Umordnen eine Zeile ziehen oder ihre Pfeile verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No reference videos yet.&lt;br&gt;Drop some here, or &lt;a href=&quot;examples&quot;&gt;load an example&lt;/a&gt;.</source>
        <translation>Noch keine Referenzvideos.&lt;br&gt;Legen Sie welche hier ab oder &lt;a href=&quot;examples&quot;&gt;laden Sie ein Beispiel&lt;/a&gt;.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>probing...</source>
        <translation>wird geprüft...</translation>
    </message>
</context>
<context>
    <name>ResultFiles</name>
    <message>
        <location filename="../app/result_files.cpp" line="+48"/>
        <source>There is no result to export.</source>
        <translation>Es gibt kein Ergebnis zum Exportieren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use .mp4, .webm, .gif or a folder for PNG frames</source>
        <translation>%1: Verwenden Sie .mp4, .webm, .gif oder einen Ordner für PNG-Bilder</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../widgets/settings_dialog.cpp" line="+171"/>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the default model</source>
        <translation>das Standardmodell</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose the model folder</source>
        <translation>Den Modellordner auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checkpoint...</source>
        <translation>Checkpoint...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a checkpoint file (e.g. EchoReel&apos;s checkpoint.pt); it is converted into a model folder once, when first loaded</source>
        <translation>Eine Checkpoint-Datei auswählen (z. B. EchoReels checkpoint.pt); sie wird beim ersten Laden einmal in einen Modellordner umgewandelt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the model&apos;s own (its aicl folder)</source>
        <translation>der des Modells (sein aicl-Ordner)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder of the AICL adapter (config.json and weights); empty: the adapter in the model&apos;s aicl folder</source>
        <translation>Ordner des AICL-Adapters (config.json und Gewichte); leer: der Adapter im aicl-Ordner des Modells</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the adapter folder</source>
        <translation>Den Adapterordner auswählen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What was found in the model and adapter folders</source>
        <translation>Was in den Modell- und Adapterordnern gefunden wurde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads for generation; automatic uses the machine&apos;s cores (%1 here)</source>
        <translation>CPU-Threads für die Generierung; automatisch verwendet die Kerne des Rechners (hier %1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CUDA (GPU)</source>
        <translation>CUDA (GPU)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the model runs</source>
        <translation>Wo das Modell läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f32: full precision</source>
        <translation>f32: volle Genauigkeit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bf16: half the memory</source>
        <translation>bf16: halber Speicher</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>f16: half the memory, CUDA only</source>
        <translation>f16: halber Speicher, nur CUDA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Number format of the model&apos;s weights and activations; lower precision is faster and smaller, results differ slightly</source>
        <translation>Zahlenformat der Gewichte und Aktivierungen des Modells; geringere Genauigkeit ist schneller und kleiner, die Ergebnisse weichen leicht ab</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where generated videos and their settings are saved; empty: %1</source>
        <translation>Wo erzeugte Videos und ihre Einstellungen gespeichert werden; leer: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the folder for results</source>
        <translation>Den Ordner für Ergebnisse auswählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model folder:</source>
        <translation>Modellordner:</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Adapter folder:</source>
        <translation>Adapterordner:</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Adapter folder</source>
        <translation>Adapterordner</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Precision:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project folder:</source>
        <translation>Projektordner:</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Folder for results</source>
        <translation>Ordner für Ergebnisse</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Model checkpoint</source>
        <translation>Modell-Checkpoint</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checkpoints (*.pt *.ckpt *.pth *.bin *.safetensors)</source>
        <translation>Checkpoints (*.pt *.ckpt *.pth *.bin *.safetensors)</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Interface</source>
        <translation>Oberfläche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder of the text-to-video model (with its unet, vae and text encoder), or a checkpoint file such as EchoReel&apos;s checkpoint.pt; empty: the default model</source>
        <translation>Ordner des Text-zu-Video-Modells (mit unet, vae und Text-Encoder) oder eine Checkpoint-Datei wie EchoReels checkpoint.pt; leer: das Standardmodell</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Language of the interface</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use these settings</source>
        <translation>Diese Einstellungen verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without changing the settings</source>
        <translation>Schließen, ohne die Einstellungen zu ändern</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>An NVIDIA GPU</source>
        <translation>Eine NVIDIA-GPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CUDA is not available on this machine</source>
        <translation>CUDA ist auf diesem Rechner nicht verfügbar</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Half precision on the GPU</source>
        <translation>Halbe Genauigkeit auf der GPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Needs the CUDA device</source>
        <translation>Benötigt das CUDA-Gerät</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../app/training_panel.cpp" line="+206"/>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Follow run folder...</source>
        <translation>Laufordner folgen...</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Run the trainer with these settings (the command is shown above)</source>
        <translation>Den Trainer mit diesen Einstellungen ausführen (der Befehl steht oben)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>End the running trainer; its last checkpoint stays, so Resume can continue</source>
        <translation>Den laufenden Trainer beenden; sein letzter Checkpoint bleibt erhalten, sodass „Fortsetzen“ weitermachen kann</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run the last command again with --resume: the trainer continues from the run folder&apos;s last checkpoint</source>
        <translation>Den letzten Befehl erneut mit --resume ausführen: Der Trainer macht beim letzten Checkpoint des Laufordners weiter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Idle, Running, Stopped, Finished or Failed</source>
        <translation>Bereit, Läuft, Angehalten, Fertig oder Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training steps done of the run&apos;s total</source>
        <translation>Erledigte Trainingsschritte von der Gesamtzahl des Laufs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps done, speed and the estimated time left</source>
        <translation>Erledigte Schritte, Geschwindigkeit und geschätzte Restzeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why the last run failed (the trainer&apos;s error line)</source>
        <translation>Warum der letzte Lauf fehlschlug (die Fehlerzeile des Trainers)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The training loss of the run folder&apos;s loss.csv, updated while the trainer writes it</source>
        <translation>Der Trainingsverlust aus der loss.csv des Laufordners, aktualisiert, während der Trainer sie schreibt</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Choose a folder</source>
        <translation>Einen Ordner auswählen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose a file</source>
        <translation>Eine Datei auswählen</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>AICL adapter (aicl train)</source>
        <translation>AICL-Adapter (aicl train)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backbone (aicl train-backbone)</source>
        <translation>Backbone (aicl train-backbone)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What to train: the AICL adapter on a frozen backbone model, or the text-to-video backbone itself</source>
        <translation>Was trainiert wird: der AICL-Adapter auf einem eingefrorenen Backbone-Modell oder das Text-zu-Video-Backbone selbst</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Trainer</source>
        <translation>Trainer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--model: the backbone model folder the adapter is trained on (kept frozen)</source>
        <translation>--model: der Ordner des Backbone-Modells, auf dem der Adapter trainiert wird (bleibt eingefroren)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VAE folder</source>
        <translation>VAE-Ordner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>--vae: the trained VAE folder the backbone encodes with</source>
        <translation>--vae: der Ordner des trainierten VAE, mit dem das Backbone kodiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--data: a folder of videos with index.csv or index.json (path, caption, action)</source>
        <translation>--data: ein Ordner mit Videos und index.csv oder index.json (path, caption, action)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Config</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--config: the adapter recipe (aicl.json), or for the backbone the recipe folder (unet.json, text_encoder.json, scheduler.json); left out when empty</source>
        <translation>--config: das Adapter-Rezept (aicl.json) oder für das Backbone der Rezeptordner (unet.json, text_encoder.json, scheduler.json); entfällt, wenn leer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--out: the run folder; the trainer writes checkpoint/, loss.csv and, when done, model/ there</source>
        <translation>--out: der Laufordner; der Trainer schreibt dorthin checkpoint/, loss.csv und am Ende model/</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--steps: the step the run ends at (a resumed run counts from its checkpoint)</source>
        <translation>--steps: der Schritt, bei dem der Lauf endet (ein fortgesetzter Lauf zählt ab seinem Checkpoint)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--batch: videos per training step</source>
        <translation>--batch: Videos pro Trainingsschritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resume from the output folder&apos;s checkpoint</source>
        <translation>Beim Checkpoint des Ausgabeordners fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--resume: continue the run in the output folder from its last checkpoint</source>
        <translation>--resume: den Lauf im Ausgabeordner ab seinem letzten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More trainer flags, as on the command line (e.g. --lr, --warmup, --checkpoint-every, --seed, --bf16); quotes group words</source>
        <translation>Weitere Trainer-Optionen wie auf der Kommandozeile (z. B. --lr, --warmup, --checkpoint-every, --seed, --bf16); Anführungszeichen fassen Wörter zusammen</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Extra arguments</source>
        <translation>Weitere Argumente</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Show the loss and validation curves and last checkpoint of a run folder, e.g. of a run started from the command line</source>
        <translation>Verlust- und Validierungskurven und den letzten Checkpoint eines Laufordners zeigen, z. B. eines auf der Kommandozeile gestarteten Laufs</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run folder whose curves and checkpoint are shown</source>
        <translation>Der Laufordner, dessen Kurven und Checkpoint gezeigt werden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The run folder&apos;s validation.csv per timestep bucket: the reference gain of an adapter run, the validation loss of a backbone run; held-out actions solid, seen actions dashed</source>
        <translation>validation.csv des Laufordners je Zeitschritt-Bereich: der Referenzgewinn eines Adapterlaufs, der Validierungsverlust eines Backbone-Laufs; zurückgehaltene Aktionen durchgezogen, gesehene gestrichelt</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The command Start runs (it can be copied into a terminal)</source>
        <translation>Der Befehl, den „Starten“ ausführt (er kann in ein Terminal kopiert werden)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>Choose the model folder the adapter is trained on.</source>
        <translation>Wählen Sie den Modellordner, auf dem der Adapter trainiert wird.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the VAE folder the backbone is trained with.</source>
        <translation>Wählen Sie den VAE-Ordner, mit dem das Backbone trainiert wird.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the data folder.</source>
        <translation>Wählen Sie den Datenordner.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the output folder.</source>
        <translation>Wählen Sie den Ausgabeordner.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+163"/>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location line="-161"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Starting...</source>
        <translation>Wird gestartet...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run folder: %1</source>
        <translation>Laufordner: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Stopping...</source>
        <translation>Wird angehalten...</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Preparing the data: %1 / %2</source>
        <translation>Daten werden vorbereitet: %1 / %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 / %2 steps</source>
        <translation>%1 / %2 Schritte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 steps/s</source>
        <translation>, %1 Schritte/s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 s/step</source>
        <translation>, %1 s/Schritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, %1 left</source>
        <translation>, noch %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Training finished</source>
        <translation>Training abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped at step %1</source>
        <translation>Bei Schritt %1 angehalten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The trainer crashed</source>
        <translation>Der Trainer ist abgestürzt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The trainer exited with code %1</source>
        <translation>Der Trainer wurde mit Code %1 beendet</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Follow run folder</source>
        <translation>Laufordner folgen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Following: %1</source>
        <translation>Folgt: %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>step %1 logged</source>
        <translation>Schritt %1 protokolliert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last checkpoint at step %1</source>
        <translation>letzter Checkpoint bei Schritt %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no checkpoint yet</source>
        <translation>noch kein Checkpoint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>model written</source>
        <translation>Modell geschrieben</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <location filename="../widgets/transport_bar.cpp" line="+206"/>
        <source>Previous frame (Left)</source>
        <translation>Vorheriges Bild (Pfeil links)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next frame (Right)</source>
        <translation>Nächstes Bild (Pfeil rechts)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Play (Space)</source>
        <translation>Abspielen (Leertaste)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat the clip from the start when it ends</source>
        <translation>Den Clip an seinem Ende von vorn wiederholen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline: drag to scrub through the frames</source>
        <translation>Zeitleiste: ziehen, um durch die Bilder zu blättern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current frame / number of frames, and its time in the clip</source>
        <translation>Aktuelles Bild / Anzahl der Bilder und seine Zeit im Clip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1x</source>
        <translation>1x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2x</source>
        <translation>2x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>4x</source>
        <translation>4x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>8x</source>
        <translation>8x</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom: fit the window, or enlarge each pixel 1, 2, 4 or 8 times (no smoothing)</source>
        <translation>Zoom: an das Fenster anpassen oder jedes Pixel 1-, 2-, 4- oder 8-fach vergrößern (ohne Glättung)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pause (Space)</source>
        <translation>Pause (Leertaste)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no clip</source>
        <translation>kein Clip</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 / %2  %3 s</source>
        <translation>%1 / %2  %3 s</translation>
    </message>
</context>
<context>
    <name>ValidationPlot</name>
    <message>
        <location filename="../widgets/validation_plot.cpp" line="+89"/>
        <source>%1 t %2-%3</source>
        <translation>%1 t %2-%3</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>reference gain (1 - AICL / backbone loss)</source>
        <translation>Referenzgewinn (1 - AICL- / Backbone-Verlust)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validation loss (backbone)</source>
        <translation>Validierungsverlust (Backbone)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation of the run per timestep bucket: held-out actions solid, seen actions dashed; drag to pan, wheel to zoom</source>
        <translation>Validierung des Laufs je Zeitschritt-Bereich: zurückgehaltene Aktionen durchgezogen, gesehene gestrichelt; ziehen zum Verschieben, Mausrad zum Zoomen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every point and follow new ones again</source>
        <translation>Alle Punkte zeigen und wieder neuen Punkten folgen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validations so far and the mean over the buckets at the last one</source>
        <translation>Bisherige Validierungen und der Mittelwert über die Bereiche bei der letzten</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No validation</source>
        <translation>Keine Validierung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No validation yet</source>
        <translation>Noch keine Validierung</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>step %1: mean gain %2</source>
        <translation>Schritt %1: mittlerer Gewinn %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step %1: mean loss %2</source>
        <translation>Schritt %1: mittlerer Verlust %2</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n line(s) skipped</source>
        <translation>
            <numerusform>%n Zeile übersprungen</numerusform>
            <numerusform>%n Zeilen übersprungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>following %1</source>
        <translation>folgt %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+38"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <location filename="../widgets/video_player.cpp" line="+54"/>
        <source>Motion</source>
        <translation>Bewegung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw the trail of the clip&apos;s dominant motion (optical flow) over the frames</source>
        <translation>Die Spur der vorherrschenden Bewegung des Clips (optischer Fluss) über die Bilder zeichnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No clip</source>
        <translation>Kein Clip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clip; Space plays or pauses, Left/Right step one frame</source>
        <translation>Der Clip; die Leertaste spielt ab oder pausiert, Pfeil links/rechts springt um ein Bild</translation>
    </message>
</context>
</TS>
