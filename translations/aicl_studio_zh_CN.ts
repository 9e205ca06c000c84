<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ComparisonView</name>
    <message>
        <location filename="../widgets/comparison_view.cpp" line="+139"/>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the two clips next to each other</source>
        <translation>并排显示两个片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split</source>
        <translation>分屏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show one frame: the first clip left of the divider, the second clip right of it</source>
        <translation>显示单个画面：分隔线左侧为第一个片段，右侧为第二个片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Position of the divider between the two clips</source>
        <translation>两个片段之间分隔线的位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something about the two clips differs</source>
        <translation>两个片段存在差异</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One clip of the comparison; both follow the same timeline</source>
        <translation>对比中的一个片段；两者共用同一时间轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clip shown below</source>
        <translation>下方显示的片段</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The clips differ in length (%1: %2 frames, %3: %4 frames); both play their first %5 frames.</source>
        <translation>两个片段长度不同（%1：%2 帧，%3：%4 帧）；两者都只播放前 %5 帧。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The frames differ in size (%1x%2 and %3x%4); the split view scales %5 to %1x%2.</source>
        <translation>两个片段的画面尺寸不同（%1x%2 和 %3x%4）；分屏视图将 %5 缩放到 %1x%2。</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>No clips to compare</source>
        <translation>没有可对比的片段</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../app/controller.cpp" line="+37"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Cancelled before it started</source>
        <translation>在开始前已取消</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../widgets/drop_zone.cpp" line="+30"/>
        <source>Drop reference videos here
or click to choose files</source>
        <translation>将参考视频拖放到此处
或点击选择文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference videos of the action: %1</source>
        <translation>该动作的参考视频：%1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Videos (%1)</source>
        <translation>视频 (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add reference videos</source>
        <translation>添加参考视频</translation>
    </message>
</context>
<context>
    <name>Examples</name>
    <message>
        <location filename="../app/examples.cpp" line="+10"/>
        <source>%1 (an action the model never learned)</source>
        <translation>%1（模型从未学过的动作）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (an action the model knows)</source>
        <translation>%1（模型已知的动作）</translation>
    </message>
</context>
<context>
    <name>FeaturePlot</name>
    <message>
        <location filename="../widgets/feature_plot.cpp" line="+66"/>
        <source>Action Prism features of each video, projected on their first two principal components.
Markers grow with the frame number; the hollow square is the first frame, the arrow points at the last one; generated videos are dashed.
Wheel: zoom, drag: pan, double-click: fit.</source>
        <translation>每个视频的 Action Prism 特征，投影到其前两个主成分上。
标记随帧序号增大；空心方块表示第一帧，箭头指向最后一帧；生成的视频以虚线表示。
滚轮：缩放，拖动：平移，双击：适应窗口。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Why the feature plot is empty</source>
        <translation>特征图为空的原因</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2%)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PC1</source>
        <translation>主成分 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PC2</source>
        <translation>主成分 2</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+80"/>
        <source>%1 (generated)</source>
        <translation>%1（生成）</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>%1, frame %2 of %3</source>
        <translation>%1，第 %2 帧，共 %3 帧</translation>
    </message>
</context>
<context>
    <name>FrameView</name>
    <message>
        <location filename="../widgets/frame_view.cpp" line="+17"/>
        <location line="+28"/>
        <source>The current frame</source>
        <translation>当前帧</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Click or drag on the frame to move the divider between the two clips</source>
        <translation>在画面上点击或拖动，以移动两个片段之间的分隔线</translation>
    </message>
</context>
<context>
    <name>GalleryWidget</name>
    <message>
        <location filename="../widgets/gallery.cpp" line="+147"/>
        <location line="+4"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Reuse settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete...</source>
        <translation>删除...</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Filter by prompt</source>
        <translation>按提示词筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only the results whose prompt contains these words</source>
        <translation>仅显示提示词包含这些词的结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results, newest first; double-click one to open it</source>
        <translation>结果列表，最新的在前；双击即可打开</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open the selected result (double-click, Enter)</source>
        <translation>打开所选结果（双击或按 Enter）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the prompt, references and settings of the selected result back into the editor</source>
        <translation>将所选结果的提示词、参考视频和设置重新载入编辑区</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the selected result&apos;s files in the file manager</source>
        <translation>在文件管理器中显示所选结果的文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected result and its files (Delete)</source>
        <translation>删除所选结果及其文件（Delete）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>(no prompt)</source>
        <translation>（无提示词）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>With a baseline from the same seed to compare with</source>
        <translation>附带使用相同种子生成的基线视频以供对比</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>No results yet.</source>
        <translation>暂无结果。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No result matches the filter.</source>
        <translation>没有符合筛选条件的结果。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delete result</source>
        <translation>删除结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the result &quot;%1&quot; and its files?</source>
        <translation>删除结果“%1”及其文件？</translation>
    </message>
</context>
<context>
    <name>GenerationSettings</name>
    <message>
        <location filename="../app/generation_settings.cpp" line="+99"/>
        <source>Enter a prompt.</source>
        <translation>请输入提示词。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The prompt has %1 characters; at most %2 are used.</source>
        <translation>提示词有 %1 个字符；最多使用 %2 个。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add at least one reference video for AICL, or choose the Baseline mode.</source>
        <translation>请为 AICL 添加至少一个参考视频，或选择基线模式。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>f16 runs on CUDA only; choose f32 or bf16.</source>
        <translation>f16 仅在 CUDA 上运行；请选择 f32 或 bf16。</translation>
    </message>
</context>
<context>
    <name>JobListWidget</name>
    <message>
        <location filename="../widgets/job_list.cpp" line="+239"/>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show result</source>
        <translation>显示结果</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs in the order they were queued; double-click a finished job to show its result</source>
        <translation>任务按加入队列的顺序排列；双击已结束的任务可显示其结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job number and title</source>
        <translation>任务编号和标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued, running, done, failed or cancelled</source>
        <translation>排队中、运行中、已完成、失败或已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps done / steps</source>
        <translation>已完成步数 / 总步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimated time until the job is done</source>
        <translation>预计完成任务还需的时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why a job failed, or other news about it</source>
        <translation>任务失败的原因，或有关该任务的其他信息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the selected queued or running job</source>
        <translation>停止所选的排队中或运行中的任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected finished job from the list (Delete)</source>
        <translation>从列表中移除所选的已结束任务（Delete）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the result of the selected job</source>
        <translation>显示所选任务的结果</translation>
    </message>
    <message>
        <location line="-127"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
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
        <translation>正在启动...</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Job %1: %2
%3</source>
        <translation>任务 %1：%2
%3</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <location filename="../widgets/log_panel.cpp" line="+19"/>
        <source>Messages of the engine and the application</source>
        <translation>引擎和应用程序的消息</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../widgets/loss_plot.cpp" line="+216"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+2"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training loss per step and its moving average; drag to pan, wheel to zoom</source>
        <translation>每一步的训练损失及其移动平均；拖动以平移，滚轮以缩放</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logarithmic loss axis</source>
        <translation>对数损失轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smoothing </source>
        <translation>平滑 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight of the past in the moving average (0: none, closer to 1: smoother)</source>
        <translation>移动平均中历史值的权重（0：不平滑，越接近 1 越平滑）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every point and follow new ones again</source>
        <translation>显示所有点，并重新跟随新数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the plot as a PNG image or a PDF file</source>
        <translation>将图表保存为 PNG 图像或 PDF 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image...</source>
        <translation>PNG 图像...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the plot as a PNG image</source>
        <translation>将图表保存为 PNG 图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF file...</source>
        <translation>PDF 文件...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the plot as a vector PDF file</source>
        <translation>将图表保存为矢量 PDF 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of points, the last loss, and lines of the file that could not be read</source>
        <translation>点数、最新的损失值，以及文件中无法读取的行数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>smoothed (EMA %1)</source>
        <translation>平滑（EMA %1）</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n 个点</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last loss %1 at step %2</source>
        <translation>第 %2 步的最新损失为 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n value(s) skipped</source>
        <translation>
            <numerusform>跳过了 %n 个值</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>following %1</source>
        <translation>正在跟踪 %1</translation>
    </message>
    <message>
        <location line="+62"/>
        <location line="+43"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>%1 is empty</source>
        <translation>%1 为空</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+55"/>
        <source>%1: the header has no &quot;step&quot; and &quot;loss&quot; columns</source>
        <translation>%1：表头中没有“step”和“loss”列</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Export the loss plot as PDF</source>
        <translation>将损失图导出为 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export the loss plot as PNG</source>
        <translation>将损失图导出为 PNG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
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
        <translation>无分类器引导强度（1 或更小：不引导）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>native</source>
        <translation>原生</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size in pixels; &quot;native&quot;: the model&apos;s own size</source>
        <translation>以像素为单位的尺寸；“原生”：模型自身的尺寸</translation>
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
        <translation>采样器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Strength of the Action Integration: 0 is the baseline, 1 as trained</source>
        <translation>Action Integration 的强度：0 即基线，1 为训练时的强度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate with AICL, with the base model alone, or both from the same seed and noise</source>
        <translation>使用 AICL 生成、仅用基础模型生成，或从相同的种子和噪声同时生成两者</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where the model runs</source>
        <translation>模型运行的设备</translation>
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
        <translation>float16（CUDA）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision of the weights and activations</source>
        <translation>权重和激活值的精度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Queue a generation with these settings (Ctrl+Enter)</source>
        <translation>使用这些设置将一次生成加入队列（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the running generation within one step (Esc)</source>
        <translation>在一步之内停止正在进行的生成（Esc）</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scheduler</source>
        <translation>调度器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AICL strength</source>
        <translation>AICL 强度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The live preview while a job runs, then the result</source>
        <translation>任务运行时的实时预览，完成后显示结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baseline and AICL from the same seed and initial noise</source>
        <translation>使用相同种子和初始噪声生成的基线与 AICL 结果</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>References</source>
        <translation>参考视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt &amp; settings</source>
        <translation>提示词 &amp; 设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action features</source>
        <translation>动作特征</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 threads | %2 | %3</source>
        <translation>%1 个线程 | %2 | %3</translation>
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
        <translation>生成的视频应呈现的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the video should not show</source>
        <translation>视频中不应出现的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed of the initial noise: the same seed gives the same video</source>
        <translation>初始噪声的种子：相同的种子生成相同的视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw a new seed</source>
        <translation>随机生成新种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep this seed for the next generations (unlocked: every job draws a new seed)</source>
        <translation>在后续生成中保留此种子（未锁定时：每个任务随机生成新种子）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denoising steps</source>
        <translation>去噪步数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frames to generate</source>
        <translation>要生成的帧数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Both (side by side)</source>
        <translation>两者（并排）</translation>
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
        <translation>基线</translation>
    </message>
    <message>
        <location line="-254"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Negative</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Guidance</source>
        <translation>引导强度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comparison</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="-132"/>
        <location line="+497"/>
        <source>Add reference videos to see the motion the Action Prism extracts.</source>
        <translation>添加参考视频，即可查看 Action Prism 提取的运动。</translation>
    </message>
    <message>
        <location line="-371"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add reference videos...</source>
        <translation>添加参考视频(&amp;A)...</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Videos (%1)</source>
        <translation>视频 (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add reference videos</source>
        <translation>添加参考视频</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Choose reference videos of the action</source>
        <translation>选择该动作的参考视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export result...</source>
        <translation>导出结果(&amp;E)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open project &amp;folder</source>
        <translation>打开项目文件夹(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New &amp;random seed</source>
        <translation>新的随机种子(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Three reference videos and the prompt &quot;%1&quot;</source>
        <translation>三个参考视频和提示词“%1”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About AICL Studio</source>
        <translation>关于 AICL Studio(&amp;A)</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Job %1 running</source>
        <translation>任务 %1 正在运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Job %1 cancelled</source>
        <translation>任务 %1 已取消</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Job %1 failed: %2</source>
        <translation>任务 %1 失败：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Job %1: step %2 of %3, %4 left</source>
        <translation>任务 %1：第 %2 步，共 %3 步，剩余 %4</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No features: %1</source>
        <translation>无特征：%1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This model samples best with %1 steps and guidance %2</source>
        <translation>该模型在 %1 步、引导系数 %2 时效果最佳</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model error</source>
        <translation>模型错误</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>About AICL Studio</source>
        <translation>关于 AICL Studio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;AICL Studio %1&lt;/b&gt;&lt;p&gt;Action in-context learning for video diffusion models.&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;b&gt;AICL Studio %1&lt;/b&gt;&lt;p&gt;面向视频扩散模型的动作上下文学习。&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Example loaded: the base model never learned this action; press Ctrl+Enter to see what AICL makes of the references.</source>
        <translation>示例已加载：基础模型从未学过这个动作；按 Ctrl+Enter 查看 AICL 如何利用这些参考视频。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Example loaded: press Ctrl+Enter to generate.</source>
        <translation>示例已加载：按 Ctrl+Enter 生成。</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Could not save the session: %1</source>
        <translation>无法保存会话：%1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Job %1 queued (seed %2).</source>
        <translation>任务 %1 已加入队列（种子 %2）。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Could not save the result: %1</source>
        <translation>无法保存结果：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Job %1 done in %2 s</source>
        <translation>任务 %1 已完成，用时 %2 秒</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Opening %1...</source>
        <translation>正在打开 %1...</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot open the result: %1</source>
        <translation>无法打开结果：%1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Settings of %1 restored.</source>
        <translation>已恢复 %1 的设置。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1, seed %2, %3 steps, %4 s</source>
        <translation>%1，种子 %2，%3 步，%4 秒</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AICL result</source>
        <translation>AICL 结果</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Export result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 video (*.mp4);;WebM video (*.webm);;GIF animation (*.gif);;PNG frames (folder, no extension) (*)</source>
        <translation>MP4 视频 (*.mp4);;WebM 视频 (*.webm);;GIF 动画 (*.gif);;PNG 帧（文件夹，无扩展名） (*)</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Exporting %1...</source>
        <translation>正在导出 %1...</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Quit AICL Studio</source>
        <translation>退出 AICL Studio</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A generation is running. Cancel it and quit?</source>
        <translation>正在生成中。要取消并退出吗？</translation>
    </message>
</context>
<context>
    <name>MotionPlot</name>
    <message>
        <location filename="../widgets/motion_plot.cpp" line="+63"/>
        <source>frame</source>
        <translation>帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>px/frame</source>
        <translation>像素/帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominant motion per frame (optical flow): speed as a line, direction as dots (0 right, 90 up, 180 left); grey lines: the references&apos; speeds</source>
        <translation>每帧的主要运动（光流）：速度为折线，方向为圆点（0 向右，90 向上，180 向左）；灰线：参考视频的速度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motion: computing...</source>
        <translation>运动：计算中...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The motion plot appears when the optical flow of this clip is computed</source>
        <translation>此片段的光流计算完成后显示运动图</translation>
    </message>
</context>
<context>
    <name>PromptTokenLabel</name>
    <message>
        <location filename="../app/prompt_token_label.cpp" line="+55"/>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 个词元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The text encoder reads the first %1 tokens; the rest of the prompt is ignored</source>
        <translation>文本编码器只读取前 %1 个词元；提示词的其余部分被忽略</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tokens the text encoder reads from the prompt (at most %1)</source>
        <translation>文本编码器从提示词中读取的词元数（最多 %1 个）</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine_worker.cpp" line="+94"/>
        <source>truncated: only %1 of %2 frames decode</source>
        <translation>文件不完整：%2 帧中只有 %1 帧可解码</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No AICL adapter: only the baseline can run.</source>
        <translation>没有 AICL 适配器：只能运行基线。</translation>
    </message>
</context>
<context>
    <name>ReferenceListWidget</name>
    <message>
        <location filename="../widgets/reference_list.cpp" line="+235"/>
        <source>Drag to change the order of the references</source>
        <translation>拖动以调整参考视频的顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move this reference up (earlier)</source>
        <translation>将此参考视频上移（提前）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move this reference down (later)</source>
        <translation>将此参考视频下移（延后）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove this reference</source>
        <translation>移除此参考视频</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Caption (optional)</source>
        <translation>描述（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happens in this clip, in words; empty: no caption</source>
        <translation>用文字描述此片段中发生的事情；留空表示无描述</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the clip from this time on (seconds)</source>
        <translation>从此时间点开始使用片段（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>end</source>
        <translation>结尾</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the clip up to this time (seconds), after the start; &quot;end&quot; (step below the start) uses it to its end</source>
        <translation>使用片段直到此时间点（秒），须晚于起点；“结尾”（调到低于起点）表示一直使用到片段结束</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame count</source>
        <translation>帧数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frame stride</source>
        <translation>帧间隔</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frame count: that many frames spread evenly over the clip.
Frame stride: every n-th frame of the clip.</source>
        <translation>帧数：在片段中均匀选取这么多帧。
帧间隔：每隔 n 帧取一帧。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many frames to take (&quot;as generated&quot;: as many as the generated video has), or the step between taken frames</source>
        <translation>选取多少帧（“同生成视频”：与生成视频的帧数相同），或所选帧之间的间隔</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Trim</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>as generated</source>
        <translation>同生成视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> frames</source>
        <translation> 帧</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>every </source>
        <translation>每隔 </translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Reference %1 of %2: its colour in the feature plot</source>
        <translation>第 %1 个参考视频（共 %2 个）：其在特征图中的颜色</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Point at the thumbnail to play a short preview</source>
        <translation>将鼠标指向缩略图以播放简短预览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first frame of the clip</source>
        <translation>片段的第一帧</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Reference videos, in the order the model gets them; drag a row or use its arrows to reorder</source>
        <translation>参考视频，按模型接收的顺序排列；拖动某一行或使用其箭头按钮调整顺序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No reference videos yet.&lt;br&gt;Drop some here, or &lt;a href=&quot;examples&quot;&gt;load an example&lt;/a&gt;.</source>
        <translation>还没有参考视频。&lt;br&gt;将视频拖放到这里，或&lt;a href=&quot;examples&quot;&gt;加载示例&lt;/a&gt;。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>probing...</source>
        <translation>正在读取...</translation>
    </message>
</context>
<context>
    <name>ResultFiles</name>
    <message>
        <location filename="../app/result_files.cpp" line="+48"/>
        <source>There is no result to export.</source>
        <translation>没有可导出的结果。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use .mp4, .webm, .gif or a folder for PNG frames</source>
        <translation>%1：请使用 .mp4、.webm、.gif，或用文件夹保存 PNG 帧</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../widgets/settings_dialog.cpp" line="+171"/>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose the model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checkpoint...</source>
        <translation>检查点...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a checkpoint file (e.g. EchoReel&apos;s checkpoint.pt); it is converted into a model folder once, when first loaded</source>
        <translation>选择检查点文件（例如 EchoReel 的 checkpoint.pt）；首次加载时会转换为模型文件夹，只转换一次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the model&apos;s own (its aicl folder)</source>
        <translation>模型自带的（其 aicl 文件夹）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder of the AICL adapter (config.json and weights); empty: the adapter in the model&apos;s aicl folder</source>
        <translation>AICL 适配器的文件夹（config.json 和权重）；留空：使用模型 aicl 文件夹中的适配器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the adapter folder</source>
        <translation>选择适配器文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What was found in the model and adapter folders</source>
        <translation>在模型和适配器文件夹中找到的内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads for generation; automatic uses the machine&apos;s cores (%1 here)</source>
        <translation>用于生成的 CPU 线程数；自动：使用本机的核心数（此处为 %1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CUDA (GPU)</source>
        <translation>CUDA（GPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the model runs</source>
        <translation>模型运行的设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f32: full precision</source>
        <translation>f32：全精度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bf16: half the memory</source>
        <translation>bf16：内存减半</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>f16: half the memory, CUDA only</source>
        <translation>f16：内存减半，仅限 CUDA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Number format of the model&apos;s weights and activations; lower precision is faster and smaller, results differ slightly</source>
        <translation>模型权重和激活值的数值格式；精度越低速度越快、占用越小，结果会略有差异</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where generated videos and their settings are saved; empty: %1</source>
        <translation>生成的视频及其设置的保存位置；留空：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the folder for results</source>
        <translation>选择结果文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Adapter folder:</source>
        <translation>适配器文件夹：</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Adapter folder</source>
        <translation>适配器文件夹</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Runtime</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project folder:</source>
        <translation>项目文件夹：</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Folder for results</source>
        <translation>结果文件夹</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Model checkpoint</source>
        <translation>模型检查点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checkpoints (*.pt *.ckpt *.pth *.bin *.safetensors)</source>
        <translation>检查点 (*.pt *.ckpt *.pth *.bin *.safetensors)</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Folder of the text-to-video model (with its unet, vae and text encoder), or a checkpoint file such as EchoReel&apos;s checkpoint.pt; empty: the default model</source>
        <translation>文生视频模型的文件夹（含 unet、vae 和文本编码器），或检查点文件，例如 EchoReel 的 checkpoint.pt；留空：默认模型</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Language of the interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use these settings</source>
        <translation>使用这些设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close without changing the settings</source>
        <translation>关闭且不更改设置</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>An NVIDIA GPU</source>
        <translation>NVIDIA GPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CUDA is not available on this machine</source>
        <translation>本机无法使用 CUDA</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Half precision on the GPU</source>
        <translation>GPU 上的半精度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Needs the CUDA device</source>
        <translation>需要 CUDA 设备</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../app/training_panel.cpp" line="+206"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Follow run folder...</source>
        <translation>跟踪运行文件夹...</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Run the trainer with these settings (the command is shown above)</source>
        <translation>使用这些设置运行训练器（命令显示在上方）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>End the running trainer; its last checkpoint stays, so Resume can continue</source>
        <translation>结束正在运行的训练器；其最后的检查点会保留，可通过“继续”接着训练</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run the last command again with --resume: the trainer continues from the run folder&apos;s last checkpoint</source>
        <translation>使用 --resume 再次运行上一条命令：训练器从运行文件夹的最后一个检查点继续</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Idle, Running, Stopped, Finished or Failed</source>
        <translation>空闲、运行中、已停止、已完成或失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training steps done of the run&apos;s total</source>
        <translation>已完成的训练步数 / 本次运行的总步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps done, speed and the estimated time left</source>
        <translation>已完成步数、速度和预计剩余时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why the last run failed (the trainer&apos;s error line)</source>
        <translation>上次运行失败的原因（训练器的错误信息）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The training loss of the run folder&apos;s loss.csv, updated while the trainer writes it</source>
        <translation>运行文件夹中 loss.csv 的训练损失，随训练器写入实时更新</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>AICL adapter (aicl train)</source>
        <translation>AICL 适配器（aicl train）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backbone (aicl train-backbone)</source>
        <translation>骨干模型（aicl train-backbone）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What to train: the AICL adapter on a frozen backbone model, or the text-to-video backbone itself</source>
        <translation>训练对象：基于冻结骨干模型的 AICL 适配器，或文本生成视频骨干模型本身</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Trainer</source>
        <translation>训练器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--model: the backbone model folder the adapter is trained on (kept frozen)</source>
        <translation>--model：训练适配器所基于的骨干模型文件夹（保持冻结）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VAE folder</source>
        <translation>VAE 文件夹</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>--vae: the trained VAE folder the backbone encodes with</source>
        <translation>--vae：骨干模型用于编码的已训练 VAE 文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--data: a folder of videos with index.csv or index.json (path, caption, action)</source>
        <translation>--data：包含视频及 index.csv 或 index.json（path、caption、action）的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--config: the adapter recipe (aicl.json), or for the backbone the recipe folder (unet.json, text_encoder.json, scheduler.json); left out when empty</source>
        <translation>--config：适配器配方（aicl.json），或骨干模型的配方文件夹（unet.json、text_encoder.json、scheduler.json）；留空则省略</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--out: the run folder; the trainer writes checkpoint/, loss.csv and, when done, model/ there</source>
        <translation>--out：运行文件夹；训练器会在其中写入 checkpoint/、loss.csv，完成后写入 model/</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--steps: the step the run ends at (a resumed run counts from its checkpoint)</source>
        <translation>--steps：运行结束时的步数（继续的运行从其检查点开始计数）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--batch: videos per training step</source>
        <translation>--batch：每个训练步的视频数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resume from the output folder&apos;s checkpoint</source>
        <translation>从输出文件夹的检查点继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--resume: continue the run in the output folder from its last checkpoint</source>
        <translation>--resume：从输出文件夹中最后一个检查点继续运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More trainer flags, as on the command line (e.g. --lr, --warmup, --checkpoint-every, --seed, --bf16); quotes group words</source>
        <translation>更多训练器参数，写法与命令行相同（例如 --lr、--warmup、--checkpoint-every、--seed、--bf16）；引号可将多个词合为一个参数</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Extra arguments</source>
        <translation>额外参数</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Show the loss and validation curves and last checkpoint of a run folder, e.g. of a run started from the command line</source>
        <translation>显示某个运行文件夹的损失曲线、验证曲线和最新检查点，例如从命令行启动的运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run folder whose curves and checkpoint are shown</source>
        <translation>显示其曲线和检查点的运行文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The run folder&apos;s validation.csv per timestep bucket: the reference gain of an adapter run, the validation loss of a backbone run; held-out actions solid, seen actions dashed</source>
        <translation>运行文件夹中按时间步区间划分的 validation.csv：适配器运行显示参考增益，主干运行显示验证损失；未见动作为实线，已见动作为虚线</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The command Start runs (it can be copied into a terminal)</source>
        <translation>“开始”将运行的命令（可复制到终端中使用）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>Choose the model folder the adapter is trained on.</source>
        <translation>请选择用于训练适配器的模型文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the VAE folder the backbone is trained with.</source>
        <translation>请选择训练骨干模型所用的 VAE 文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the data folder.</source>
        <translation>请选择数据文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+163"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="-161"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run folder: %1</source>
        <translation>运行文件夹：%1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Stopping...</source>
        <translation>正在停止...</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Preparing the data: %1 / %2</source>
        <translation>正在准备数据：%1 / %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 / %2 steps</source>
        <translation>%1 / %2 步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 steps/s</source>
        <translation>，%1 步/秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 s/step</source>
        <translation>，%1 秒/步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, %1 left</source>
        <translation>，剩余 %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Training finished</source>
        <translation>训练已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped at step %1</source>
        <translation>已在第 %1 步停止</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The trainer crashed</source>
        <translation>训练器崩溃了</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The trainer exited with code %1</source>
        <translation>训练器已退出，退出码为 %1</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Follow run folder</source>
        <translation>跟踪运行文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Following: %1</source>
        <translation>正在跟踪：%1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>step %1 logged</source>
        <translation>已记录第 %1 步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last checkpoint at step %1</source>
        <translation>最后一个检查点位于第 %1 步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no checkpoint yet</source>
        <translation>尚无检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>model written</source>
        <translation>模型已写入</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <location filename="../widgets/transport_bar.cpp" line="+206"/>
        <source>Previous frame (Left)</source>
        <translation>上一帧（左方向键）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next frame (Right)</source>
        <translation>下一帧（右方向键）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Play (Space)</source>
        <translation>播放（空格键）</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat the clip from the start when it ends</source>
        <translation>片段结束后从头重复播放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline: drag to scrub through the frames</source>
        <translation>时间轴：拖动以逐帧浏览</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current frame / number of frames, and its time in the clip</source>
        <translation>当前帧 / 总帧数，以及当前帧在片段中的时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
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
        <translation>缩放：适应窗口，或将每个像素放大 1、2、4 或 8 倍（不平滑）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pause (Space)</source>
        <translation>暂停（空格键）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no clip</source>
        <translation>无片段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 / %2  %3 s</source>
        <translation>%1 / %2  %3 秒</translation>
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
        <translation>参考增益（1 - AICL / 主干损失）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>validation loss (backbone)</source>
        <translation>验证损失（主干）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation of the run per timestep bucket: held-out actions solid, seen actions dashed; drag to pan, wheel to zoom</source>
        <translation>按时间步区间显示此次运行的验证结果：未见动作为实线，已见动作为虚线；拖动平移，滚轮缩放</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show every point and follow new ones again</source>
        <translation>显示所有点，并重新跟随新数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validations so far and the mean over the buckets at the last one</source>
        <translation>迄今为止的验证次数，以及最近一次各区间的平均值</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No validation</source>
        <translation>没有验证</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No validation yet</source>
        <translation>尚无验证</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>step %1: mean gain %2</source>
        <translation>第 %1 步：平均增益 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step %1: mean loss %2</source>
        <translation>第 %1 步：平均损失 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n line(s) skipped</source>
        <translation>
            <numerusform>跳过了 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>following %1</source>
        <translation>正在跟踪 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+38"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <location filename="../widgets/video_player.cpp" line="+54"/>
        <source>Motion</source>
        <translation>运动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw the trail of the clip&apos;s dominant motion (optical flow) over the frames</source>
        <translation>在画面上绘制片段主要运动（光流）的轨迹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No clip</source>
        <translation>无片段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clip; Space plays or pauses, Left/Right step one frame</source>
        <translation>片段；空格键播放或暂停，左/右方向键逐帧移动</translation>
    </message>
</context>
</TS>
