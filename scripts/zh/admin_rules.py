"""Chinese for the admin rule-set pages: versions and candidates, what-if diff, activation, re-rating job."""
ZH = {
"Rule sets": "规则集", "Loaded rule sets": "已加载的规则集", "Version": "版本", "Effective window": "生效期间",
"Indicators": "指标数", "open-ended": "长期有效", "in force today": "今日生效", "Candidates": "候选规则集",
"The rule set in force for a rating is the one whose effective window contains its as-of date.":
    "评价所适用的规则集，是生效期间包含其评价日期的那一版。",
"Folder: %(folder)s. Each sub-folder is a candidate rule set; open its what-if diff before activating it.":
    "目录：%(folder)s。每个子目录是一个候选规则集；启用前须先查看其影响对比。",
"No candidate rule set.": "暂无候选规则集。", "Folder": "目录", "what-if": "影响对比", "Does not load:": "无法加载：",
"Re-rate all wharves": "重新评价全部码头", "A re-rating job is running.": "重新评价任务正在运行。",
"Last re-rating job:": "最近一次重新评价任务：", "as of %(day)s": "评价日期 %(day)s",
"running": "运行中", "done": "已完成", "failed": "失败",
"Every wharf is rated as of this date under the rule set in force then, in one transaction.":
    "按该日期适用的规则集评价每个码头，全部结果在同一事务中写入。",
"Re-rate every wharf now? New provisional ratings are stored for all of them.":
    "确定立即重新评价全部码头？将为每个码头保存新的待审核评价结果。",
"What-if: %(version)s": "影响对比：%(version)s",
"Candidate %(name)s (version %(version)s, sha256 %(sha)s) against %(current)s (sha256 %(current_sha)s), as of "
"%(day)s: %(count)d wharves.":
    "候选规则集 %(name)s（版本 %(version)s，sha256 %(sha)s）对比现行 %(current)s（sha256 %(current_sha)s），"
    "评价日期 %(day)s：共 %(count)d 个码头。",
"Compare": "对比", "Grade migration": "等级迁移", "Rows: grade now; columns: grade under the candidate.":
    "行：现行等级；列：候选规则集下的等级。",
"%(count)d wharves change grade.": "%(count)d 个码头等级发生变化。", "Score shift": "分数变化",
"Mean score %(before)s → %(after)s (change %(change)s; 10th percentile %(p10)s, 90th percentile %(p90)s); "
"%(up)d up, %(down)d down.":
    "平均分 %(before)s → %(after)s（变化 %(change)s；第10百分位 %(p10)s，第90百分位 %(p90)s）；"
    "%(up)d 个上升，%(down)d 个下降。",
"Now": "现行", "Candidate": "候选", "No wharf to compare.": "没有可对比的码头。",
"%(count)d stored indicator values are not rated by the candidate.": "有 %(count)d 个已存指标值不在候选规则集的评价范围内。",
"Wharves whose permit route or inspection rate changes": "许可办理方式或检查比例发生变化的码头",
"Download all as CSV": "下载全部（CSV）", "Showing the first %(shown)d of %(count)d.": "显示前 %(shown)d 个，共 %(count)d 个。",
"No wharf changes permit route or inspection rate.": "没有码头的许可办理方式或检查比例发生变化。",
"Examples": "示例", "%(count)d examples of %(version)s fail under the candidate:":
    "%(version)s 的 %(count)d 个示例在候选规则集下不通过：",
"Every example of %(version)s still passes under the candidate.": "%(version)s 的全部示例在候选规则集下仍然通过。",
"%(count)d of the candidate's own examples fail:": "候选规则集自身有 %(count)d 个示例不通过：",
"Every example of the candidate passes.": "候选规则集自身的示例全部通过。", "Activate": "启用",
"Version %(version)s already exists in the rules folder: it cannot be activated again.":
    "规则目录中已有版本 %(version)s，不能再次启用。",
"Activation copies the candidate into the rules folder as version %(version)s, effective %(window)s.":
    "启用会把候选规则集复制到规则目录，作为版本 %(version)s，生效期间 %(window)s。",
"Activate rule set %(version)s? Ratings whose as-of date is in its effective window will use it.":
    "确定启用规则集 %(version)s？评价日期在其生效期间内的评价将使用它。",
"Activate %(version)s": "启用 %(version)s", "Re-rating job": "重新评价任务",
"Every wharf as of %(day)s under rule set %(version)s, started by %(actor)s.":
    "按规则集 %(version)s 评价全部码头，评价日期 %(day)s，由 %(actor)s 发起。",
"Running: %(done)d of %(total)d wharves rated.": "运行中：已评价 %(done)d 个码头，共 %(total)d 个。",
"The progress above updates itself every 2 seconds. Nothing is stored until every wharf has been rated.":
    "上方进度每 2 秒自动更新。全部码头评价完成前不会保存任何结果。",
"Refresh": "刷新",
"Done: %(count)d wharves rated (batch %(batch)s).": "已完成：评价了 %(count)d 个码头（批次 %(batch)s）。",
"Rule set: %(ruleset)s. The new ratings are provisional until reviewed.": "规则集：%(ruleset)s。新评价结果在审核前为待定状态。",
"Failed: %(error)s. No rating was changed.": "失败：%(error)s。没有任何评价结果被更改。",
"Interrupted: the worker process running this job stopped before it finished. No rating was changed; start the job again.": "已中断：运行该任务的工作进程在完成前停止。没有任何评价结果被更改，请重新启动任务。",
"… and %(count)d more problems.": "……另有 %(count)d 个问题。",
"The as-of date must be a date YYYY-MM-DD.": "评价日期须为 YYYY-MM-DD 格式的日期。",
"Candidate %(name)s does not load:": "候选规则集 %(name)s 无法加载：",
"The candidate could not be copied into the rules folder: %(error)s": "无法把候选规则集复制到规则目录：%(error)s",
"Not activated: open the what-if diff of this exact candidate first (its content, sha256 %(sha)s, has no viewed "
"diff).": "未启用：请先查看该候选规则集当前内容的影响对比（内容 sha256 %(sha)s 尚无查看记录）。",
"Not activated: version %(version)s cannot be used as a folder name.": "未启用：版本号 %(version)s 不能用作目录名。",
"Not activated: version %(version)s already exists in the rules folder; give the candidate a new version.":
    "未启用：规则目录中已有版本 %(version)s，请为候选规则集设置新的版本号。",
"Not activated: with %(version)s the rules folder does not load, so it was removed again and the rule sets in "
"force are unchanged.": "未启用：加入 %(version)s 后规则目录无法加载，已将其移除，现行规则集保持不变。",
"Rule set %(version)s is active. It applies to ratings whose as-of date is in its effective window %(window)s; "
"existing ratings keep the rule set they were made with until they are re-rated.":
    "规则集 %(version)s 已启用，适用于评价日期在其生效期间 %(window)s 内的评价；已有评价结果在重新评价前仍沿用原规则集。",
"A re-rating job is already running; wait until it has finished.": "已有重新评价任务正在运行，请等待其完成。",
"Re-rating of every wharf as of %(day)s started.": "已开始按评价日期 %(day)s 重新评价全部码头。",
"Learned calibrator applied: %(id)s (a bounded adjustment on every rating).":
    "已应用学习校准器：%(id)s（每条评价结果均带有限幅调整）。",
"No learned calibrator applied: rules only.": "未应用学习校准器：仅按规则评价。",
}
