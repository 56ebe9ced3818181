"""Chinese for the API documentation page and the admin token page."""
ZH = {
"User": "用户", "What the token is for": "令牌用途",
"Token created. Copy it now: it is shown only once.": "令牌已创建，请立即复制：它只显示这一次。",
"Token revoked: it no longer works.": "令牌已吊销，立即失效。",
"API tokens": "API 令牌",
"A token acts as its user in the JSON API (%(path)s) with the same role rules. Only a hash is stored.":
    "令牌在 JSON 接口（%(path)s）中代表其用户，权限规则与界面相同。系统只保存令牌的哈希值。",
"%(user)s (%(role)s)": "%(user)s（%(role)s）",
"API documentation": "接口文档", "New token (shown only once):": "新令牌（只显示一次）：",
"Create token": "创建令牌", "No token yet.": "尚无令牌。", "Token": "令牌", "Role": "角色", "Created": "创建时间",
"Last used": "最近使用", "Status": "状态", "never": "从未", "revoked on %(day)s": "已于%(day)s吊销", "active": "有效",
"Revoke this token? Systems using it will stop working at once.": "确定吊销此令牌？使用它的系统将立即无法访问。",
"Revoke": "吊销", "Machine-readable contract:": "机器可读的接口约定：", "Every call needs the header": "每次调用都需要请求头",
"errors are application/problem+json with the field path of every problem.":
    "错误以 application/problem+json 返回，并列出每个问题的字段路径。",
"Parameters": "参数", "Name": "名称", "In": "位置", "Required": "必填", "Schema": "结构", "yes": "是", "no": "否",
"Request body": "请求体", "Responses": "响应", "Schemas": "数据结构",
"Download this list:": "下载此列表：",
# the API documentation page (wharf_credit/api/docs.py)
"Rate a facts object with the rule set in force on its as_of date; nothing is stored.":
    "按事实对象的评价基准日（as_of）所适用的规则集试算评价结果，不保存任何数据。",
"Wharves with their latest published grade, filtered by type and grade; a company token sees only its own wharves.":
    "码头及其最新公示等级，可按码头类型和等级筛选；企业令牌只能看到本企业的码头。",
"One wharf with its latest published grade.": "单个码头及其最新公示等级。",
"The latest rating: staff see the newest of any status, others the newest published one.":
    "最新评价结果：工作人员看到任何状态中最新的一次，其他用户看到最新公示的一次。",
"Rating history, newest first (only published ratings for tokens of companies).":
    "评价历史，最新的在前（企业令牌只能看到已公示的评价）。",
"For permit systems: the company's grade (its worst published wharf), the measures that apply, the vetoes in force and warnings.":
    "供许可审批系统使用：企业等级（取其公示等级最低的码头）、适用的监管措施、生效的否决项以及提示。",
"File a green-guide assessment (inspectors): it is stored, rated and never changed; supersedes_id corrects an older one.":
    "提交绿色码头评估（检查员）：保存并评价，提交后不再修改；用 supersedes_id 更正较早的一次评估。",
"Record a safety event (inspectors); the wharf is rated again as of today.": "记录安全评价行为（检查员）；码头随即按今天重新评价。",
"query string": "查询参数", "path": "路径", "header": "请求头",
"Success": "成功", "Created and stored": "已创建", "Invalid fields": "字段有误", "Any other error": "其他错误",
"Every call needs the header %(header)s; errors are answered as %(type)s with the field path of every problem.":
    "每次调用都须带请求头 %(header)s；出错时以 %(type)s 答复，并列出每个问题所在的字段路径。",
"Operations": "接口操作",
# audit history (web/labels.py ACTION_NAMES)
"Assessment filed": "已提交评估", "Failed sign-in": "登录失败", "Signed in": "已登录", "Signed out": "已退出",
"Calibrator activated": "已启用校准器", "Calibrator deactivated": "已停用校准器",
"Calibrator not usable: rules only": "校准器不可用：仅按规则评价", "Company registered": "已登记企业",
"Company record changed": "企业信息已修改", "Demo data loaded": "已载入演示数据", "Inspection draw made": "已完成随机抽取",
"Objection filed": "已提出异议", "Objection decided: rating upheld": "异议已处理：维持评价",
"Objection decided: rating corrected": "异议已处理：更正评价", "Penalty case decided": "处罚案件已决定",
"Permit decision recorded": "已记录许可决定", "Rating made": "评价结果已生成", "Rating made final": "评价结果已生效",
"Rating published": "评价结果已公示", "Whole registry re-rated": "已对全部码头重新评价",
"Credit repair requested": "已申请信用修复", "Credit repair approved": "信用修复已同意", "Credit repair refused": "信用修复未同意",
"Rule set activated": "已启用规则集", "Rule-set what-if viewed": "已查看规则集影响对比", "Safety event recorded": "已记录安全事件",
"Safety event repaired": "安全事件已修复", "API token created": "已创建接口令牌", "API token revoked": "已吊销接口令牌",
"User created": "已创建用户", "Wharf registered": "已登记码头", "Wharf record changed": "码头信息已修改",
"%(action)s: %(status)s": "%(action)s：%(status)s",
# admin pages
"Each sub-folder of the candidates folder (setting %(setting)s) is a candidate rule set; open its what-if diff before activating it.":
    "候选目录（设置项 %(setting)s）下的每个子目录是一个候选规则集；启用前须先查看其影响对比。",
"Calibrators are kept in the folder named by the setting %(setting)s.": "校准器保存在设置项 %(setting)s 指定的目录中。",
"No calibrator has been trained yet (command: %(command)s).": "尚未训练校准器（命令：%(command)s）。",
"The pool of each grade is sorted by wharf id. A pseudo-random generator (%(generator)s) is seeded with the first 8 bytes, read big-endian, of the SHA-256 hash of the text %(text)s, and %(sample)s picks the wharves from the pool.":
    "每个等级的候选池按码头编号排序。以文本 %(text)s 的 SHA-256 哈希值的前 8 个字节（大端序）作为伪随机数生成器（%(generator)s）的种子，再用 %(sample)s 从候选池中抽取码头。",
}
