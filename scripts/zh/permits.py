"""Chinese translations of the permit desk: company standing, permit checks and decisions, penalty cases, exports
(msgid -> zh_CN)."""
ZH = {
# navigation and look-up
"Permits and penalties": "许可与处罚", "Company look-up": "企业信用查询", "Permit decisions": "许可决定",
"Penalty cases": "行政处罚案件", "New penalty case": "新建处罚案件", "Not rated": "未评级",
"Find a company by name or unified social credit code to see its grade and what the grade means for permits, "
"inspections and penalties.": "按企业名称或统一社会信用代码查询企业，查看其信用等级以及该等级在许可、检查和处罚中的对应措施。",
"Company name or unified social credit code": "企业名称或统一社会信用代码",
"No rule set is in force today: grades cannot be applied.": "今日没有生效的评价规则，无法适用信用等级。",
# standing
"Standing": "信用状况", "Company grade:": "企业信用等级：", "Attention:": "注意：",
"Set by the rating of %(wharf)s: score %(score)s as of %(date)s": "依据 %(wharf)s 的评价结果：%(date)s 得分 %(score)s",
"Rule set %(version)s in force today.": "今日适用评价规则 %(version)s。",
"What grade %(grade)s means today": "%(grade)s 级企业适用的监管措施",
"The company is not rated: the measures of grade %(grade)s apply.": "该企业尚未评级，按 %(grade)s 级适用监管措施。",
"Incentives": "激励措施", "Permit route by application type": "各类许可事项的办理方式", "Legal basis": "法律依据",
"Vetoes and caps in force": "适用的否决项与等级上限", "No veto or cap applies.": "无否决项或等级上限。",
"Published grade": "已公示等级", "As of": "评价日期", "Latest rating": "最新评价", "File a penalty case": "立案处罚",
"Check a permit application": "许可申请核查",
"This company has never had a rating published. It is treated as grade %(grade)s, the rule set's grade for "
"companies not yet rated.": "该企业从未公示过信用评价结果，按评价规则对未评级企业的规定视为 %(grade)s 级。",
"A newer rating of at least one wharf is still provisional (not yet published). The grade shown does not include it "
"yet.": "至少一个码头有更新的评价结果尚处于初评（未公示）状态，当前显示的等级尚未包含该结果。",
"An objection to a published rating of this company is open. The grade may still change.":
    "该企业已公示的评价结果存在尚未处理的异议，信用等级可能发生变化。",
"The rating behind this grade is older than %(months)s months. Ask for a new assessment before relying on it.":
    "决定该等级的评价结果已超过 %(months)s 个月，请在采信前要求重新评估。",
"At least one wharf of this company has no published rating. The grade covers the rated wharves only.":
    "该企业至少有一个码头没有已公示的评价结果，信用等级仅反映已评级的码头。",
# permit check and decisions
"Permit check": "许可核查", "treated as %(grade)s": "按 %(grade)s 级对待", "Application": "许可申请",
"Application type": "许可事项", "Application reference no.": "申请编号", "Show the route": "查看办理方式",
"Route for grade %(grade)s: %(application)s": "%(grade)s 级企业办理「%(application)s」的方式",
"Decision": "审批决定", "Record the decision": "记录决定", "Route": "办理方式", "Decided on": "决定日期",
"Officer": "经办人", "Approved": "准予许可", "Rejected": "不予许可", "More material requested": "要求补正材料",
"Decision recorded for %(company)s: %(decision)s.": "已记录对 %(company)s 的决定：%(decision)s。",
"No permit decision found.": "没有符合条件的许可决定。", "Filter": "筛选", "Export the filtered rows:": "导出筛选结果：",
# penalties
"Violation": "违法行为", "Violation occurred on": "违法行为发生日期", "Circumstances": "情节",
"Final measure": "处罚决定", "No penalty": "不予处罚", "Suggested discretion": "建议裁量",
"Suggested fine from (CNY)": "建议罚款下限（元）", "Suggested fine to (CNY)": "建议罚款上限（元）",
"No penalty case found.": "没有符合条件的处罚案件。", "%(low)s to %(high)s CNY": "%(low)s 至 %(high)s 元",
"Recorded": "已记录",
"Enter the violation and its circumstances, then ask for the suggested discretion. A penalty decided here becomes a "
"safety event of the wharf, which is rated again.":
    "填写违法行为及情节后查看建议裁量。在此作出的处罚将记为该码头的安全评价行为，码头随即重新评价。",
"Suggest the discretion": "查看建议裁量", "Legal fine range": "法定罚款幅度", "Suggested band": "建议裁量档次",
"First-offence exemption": "首违不罚", "Applies: no penalty (first offence not punished).": "适用：不予处罚（首违不罚）。",
"Suggested fine": "建议罚款", "Reasons": "理由", "Final decision": "最终决定", "Only for a fine.": "仅罚款时填写。",
"A fine for this violation must be between %(low)s and %(high)s CNY.": "该违法行为的罚款应在 %(low)s 至 %(high)s 元之间。",
"Only a fine has an amount: leave the amount empty for this measure.": "只有罚款才有金额，此处罚决定请勿填写金额。",
"Wharf not found.": "未找到该码头。",
"Penalty case recorded. The penalty became a safety event of %(wharf)s, and the wharf was rated again.":
    "处罚案件已记录。该处罚已记为 %(wharf)s 的安全评价行为，码头已重新评价。",
"Penalty case recorded. No penalty was imposed, so no safety event was recorded.":
    "处罚案件已记录。未予处罚，因此未记录安全评价行为。",
"Find a wharf (company, name or code)": "查找码头（企业、名称或编号）",
"%(count)s wharves match": "%(count)s 个码头符合",
"Company grade": "企业信用等级", "Basis": "依据",
}
