"""Chinese translations of the rating page, the company portal, the dashboard and their charts (msgid -> zh_CN)."""
ZH = {
# rating page
"Rating of %(wharf)s": "%(wharf)s 信用评价结果", "Wharf record": "码头档案", "Print": "打印", "Result": "评价结果",
"Score": "得分", "Rated as of": "评价基准日", "Status": "状态", "Grade by score alone": "按得分的等级",
"changed by the rules below": "已按下列规则调整",
"This rating is provisional: it has not been published and may still change.": "本评价结果为待公示结果，尚未公示，仍可能变更。",
"This rating is older than the %(months)s months a rating stays valid under its rule set; the wharf is due for reassessment.":
    "本评价结果已超过规则规定的 %(months)s 个月有效期，该码头需要重新评估。",
"A newer rating of this wharf exists.": "该码头已有更新的评价结果。", "Open the latest rating": "查看最新评价结果",
"Components": "分项得分", "Vetoes, caps and downgrades": "一票否决、等级封顶与降级",
"grade at most %(grade)s": "等级最高为 %(grade)s", "lowered by %(num)s grade(s)": "降低 %(num)s 个等级",
"No veto, cap or downgrade applied.": "未触发一票否决、等级封顶或降级规则。", "Largest point losses": "主要失分原因",
"No points were lost.": "没有失分项。", "Path to the next grade": "提升等级的路径", "This is the best grade.": "已是最高等级。",
"Next grade:": "目标等级：", "%(points)s more points needed": "还需提高 %(points)s 分",
"First remove these restrictions": "须先消除以下限制", "Cheapest fixes": "投入最少的整改项", "Indicator": "指标",
"What to do": "整改内容", "Level": "级别", "Points gained": "可得分",
"The green-guide fixes alone cannot reach the next grade; the safety record must improve too.":
    "仅靠绿色码头指标整改无法达到目标等级，还须改善安全评价记录。",
"Supervision measures for grade %(grade)s": "%(grade)s 级对应的分级分类监管措施", "Legal basis:": "依据：",
"on-site inspection every %(low)s–%(high)s months": "每 %(low)s–%(high)s 个月现场检查一次", "Routine checks": "日常检查",
"Incentives and restrictions": "激励与约束措施", "No measures are stored with this rating.": "本评价结果未保存监管措施。",
"Rating history": "历次评价结果", "Rule set": "评价规则", "How this rating was made": "评价依据", "Calibrator": "校准模型",
"probability %(p)s (reference %(ref)s), adjustment %(points)s points": "概率 %(p)s（参考 %(ref)s），调整 %(points)s 分",
"None: the score comes from the rules alone.": "无：得分完全由规则计算。", "Valid for": "有效期", "%(num)s months": "%(num)s 个月",
"Audit history": "操作记录", "When": "时间", "Who": "操作人", "What": "操作", "No audit entry for this rating.": "本评价结果没有操作记录。",
"Details: every step of the calculation": "详情：计算的每一步", "Step": "步骤", "Rule": "规则", "Source": "出处",
"Inputs": "输入", "Points or score": "分值", "fired": "已触发", "No trace is stored with this rating.": "本评价结果未保存计算过程。",
"Not rated yet": "尚未评价",
"This wharf has not been rated yet. A rating is made when an inspector submits its first green-wharf assessment.":
    "该码头尚未评价。检查员提交首次绿色码头评估后即生成评价结果。",
# trace steps and components
"Green indicator": "绿色指标", "Component": "分项", "Safety event": "安全评价行为", "Basic requirement": "基础条件",
"Total score": "总分", "Grade by score": "按得分定级", "Veto": "一票否决", "Cap": "等级封顶", "Downgrade": "降级",
"Final grade": "最终等级", "Green wharf": "绿色码头", "Port safety": "港口安全", "Basic compliance": "基础合规",
# charts
"Component scores (0–100)": "分项得分（0–100）", "%(date)s: %(score)s (%(grade)s, %(status)s)": "%(date)s：%(score)s 分（%(grade)s，%(status)s）",
"Score history of this wharf": "该码头的历次得分", "No data": "暂无数据", "Wharves per grade": "各等级码头数",
"Grades by wharf type (latest rating of each wharf)": "各类型码头的等级分布（按各码头最新评价）",
"%(year)s Q%(quarter)s": "%(year)s年第%(quarter)s季度", "Share of wharves per grade, by quarter": "各季度各等级码头占比",
# portal
"Company grade (the grade of its worst-rated wharf):": "企业信用等级（取其等级最低的码头）：", "What to fix first": "优先整改事项",
"Best grade: keep it up.": "已是最高等级，请继续保持。", "See the rating for details.": "详见评价结果。",
"Provisional ratings are not published yet and may still change.": "待公示的评价结果尚未公示，仍可能变更。",
"Open the rating": "查看评价结果", "Open": "查看",
# dashboard
"Active rule set: %(version)s": "现行评价规则：%(version)s", "Current grades": "当前等级",
"Each wharf counts with its latest rating, whatever its status.": "每座码头按其最新一次评价结果计（不论是否已公示）。",
"Grades by wharf type": "按码头类型的等级分布", "Total": "合计", "Grades over the last three years": "近三年等级变化",
"Share of rated wharves at each grade at the end of each quarter (the current quarter: today).":
    "各季度末（本季度为今日）已评价码头中各等级所占比例。",
"Wharves due for reassessment": "需要重新评估的码头",
"Never assessed, or last assessed before %(date)s (a rating stays valid for %(months)s months).":
    "从未评估，或最近一次评估早于 %(date)s（评价结果有效期为 %(months)s 个月）。",
"No wharf is due for reassessment.": "目前没有需要重新评估的码头。", "Last assessed": "最近评估日期", "Never": "从未评估",
"latest": "最新", "Superseded before publication": "公示前已被取代",
"Provisional ratings replaced before publication: %(num)s": "公示前被取代的待定评价结果：%(num)s 条",
"A later rating replaced these before they were published (after a correction or a re-rating of every wharf); they never applied.":
    "这些评价结果在公示前已被后来的评价结果取代（因更正或全部码头重新评价），从未生效。",
}
