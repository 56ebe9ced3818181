"""Chinese for the admin calibrators page (issue 6) and the fallback banner."""
ZH = {
"predicted %(p)s%%, observed %(o)s%% (%(n)s ratings)": "预测 %(p)s%%，实际 %(o)s%%（%(n)s 个评级）",
"Perfect calibration": "完全校准", "Rules-only": "仅规则",
"Reliability: observed vs predicted 12-month risk (%)": "可靠性：12个月风险的实际值与预测值（%）",
"No held-out metrics": "无留出集指标",
"Not activated: no calibrators folder is configured (CALIBRATOR_DIR).": "未启用：未配置校准器目录（CALIBRATOR_DIR）。",
"Not activated: there is no calibrator %(id)s.": "未启用：不存在校准器 %(id)s。",
"Not activated: calibrator %(id)s does not load: %(error)s": "未启用：校准器 %(id)s 无法加载：%(error)s",
"Not activated: the 10th bootstrap percentile of the skill gain of %(id)s over rules-only is below 0 "
"(or it has no held-out metrics).":
    "未启用：%(id)s 相对仅规则的技能增益的自助法第10百分位数低于0（或没有留出集指标）。",
"Calibrator %(id)s is active: ratings from now on carry its bounded adjustment.":
    "校准器 %(id)s 已启用：此后的评级将带有其有界调整。",
"No calibrator was active.": "此前没有启用的校准器。",
"Calibrator %(id)s deactivated: ratings are rules-only.": "校准器 %(id)s 已停用：评级仅按规则计算。",
"The active calibrator %(id)s is not being used: ratings are rules-only.":
    "已启用的校准器 %(id)s 未被使用：评级仅按规则计算。",
"Calibrators": "校准器",
"An optional learned calibrator shifts the rule score by a bounded amount when the learned 12-month risk differs from "
"the rules-only expectation; it never lifts a vetoed or capped grade. Off by default.":
    "可选的学习型校准器在学习到的12个月风险与仅规则的预期不同时，对规则得分做有界调整；它绝不会提升被否决或封顶的等级。默认关闭。",
"Rule sets": "规则集", "Folder: %(folder)s.": "目录：%(folder)s。",
"No calibrators folder is configured (CALIBRATOR_DIR).": "未配置校准器目录（CALIBRATOR_DIR）。",
"Active calibrator": "启用中的校准器", "sha256": "sha256",
"trained on rule set %(version)s": "基于规则集 %(version)s 训练",
"activated %(at)s by %(who)s": "由 %(who)s 于 %(at)s 启用",
"Not in use: ratings are rules-only.": "未在使用：评级仅按规则计算。",
"Deactivate the calibrator? Ratings from now on are rules-only.": "确定停用校准器？此后的评级仅按规则计算。",
"Deactivate": "停用", "The active record is unreadable: %(error)s": "启用记录无法读取：%(error)s",
"None: ratings are rules-only.": "无：评级仅按规则计算。", "Stored calibrators": "已保存的校准器",
"No calibrator has been trained yet (flask calibrator train).": "尚未训练校准器（flask calibrator train）。",
"active": "有效", "Unreadable: %(error)s": "无法读取：%(error)s",
"Training data: simulated wharf-years (a demonstration, not the bureau's own history).":
    "训练数据：模拟的码头年度数据（仅作演示，并非本局的历史数据）。",
"Model": "模型", "Ladder": "模型阶梯", "Intended use": "预期用途", "Label": "标签", "Training data": "训练数据",
"%(rows)s rows, %(pos)s positives": "%(rows)s 行，%(pos)s 个正例", "Bounds": "界限",
"one grade step": "至多一个等级", "Known limits": "已知局限", "Created": "创建时间",
"review by %(day)s": "复核期限 %(day)s", "Held-out metrics": "留出集指标",
"%(n)s ratings, %(pos)s outcomes (base rate %(rate)s); 5th–95th bootstrap percentiles in brackets.":
    "%(n)s 个评级，%(pos)s 个不良结果（基础发生率 %(rate)s）；括号内为自助法第5至95百分位数。",
"Metric": "指标", "Interval": "区间", "Skill vs base rate": "相对基础发生率的技能",
"Skill vs rules-only": "相对仅规则的技能", "Log loss": "对数损失",
"Gate (10th bootstrap percentile of the skill gain over rules-only ≥ 0):": "门槛（相对仅规则的技能增益的自助法第10百分位数 ≥ 0）：",
"passes": "通过", "fails: cannot be activated": "未通过：不能启用",
"Activate calibrator %(id)s? Ratings from now on carry its bounded adjustment.":
    "确定启用校准器 %(id)s？此后的评级将带有其有界调整。",
"Activate": "启用",
"Observed vs expected 12-month outcome rate per grade": "各等级12个月不良结果的实际发生率与预期发生率",
"Number of ratings": "评级数", "Observed": "实际", "Expected": "预期",
"Score → risk shape (isotonic diagnostic, not a model)": "分数与风险的关系（保序回归诊断，不是模型）",
"Observed risk (isotonic)": "观测风险（保序回归）", "Rules-only curve": "仅规则曲线",
"Largest gap: %(gap)s at score %(score)s.": "最大差距：%(gap)s，出现在分数 %(score)s 处。",
"The observed risk falls as the score rises.": "观测风险随分数升高而下降。",
"Warning: the observed risk rises with the score somewhere; the rule score may rank some wharves the wrong way.": "警告：观测风险在某处随分数升高而上升，规则分数可能对部分码头的排序有误。",
"logistic regression (Platt)": "逻辑回归（Platt）", "monotone gradient boosting": "单调梯度提升树",
"score": "得分", "green wharf": "绿色码头", "port safety": "港口安全", "basic compliance": "基本合规",
"features: %(names)s": "特征：%(names)s", "Brier score": "Brier 分数",
}
