"""Chinese for the API documentation page and the admin token page."""
ZH = {
"User": "用户", "What the token is for": "令牌用途",
"Token created. Copy it now: it is shown only once.": "令牌已创建，请立即复制：它只显示这一次。",
"Token revoked: it no longer works.": "令牌已吊销，立即失效。",
"API tokens": "API 令牌",
"A token acts as its user in the JSON API (/api/v1) with the same role rules. Only a hash is stored.":
    "令牌在 JSON 接口（/api/v1）中代表其用户，权限规则与界面相同。系统只保存令牌的哈希值。",
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
}
