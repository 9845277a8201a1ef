/** The word lists customers are drawn from (names, places, jobs), with their weights. */

/** Common surnames, most common first (the draw is skewed towards the start of the list). */
export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '欧阳', '司马',
];

export const GIVEN_MALE = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '斌', '宇', '浩', '凯', '健', '俊', '帆', '晨', '博', '文', '建', '国'];
export const GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '玲', '燕', '婷', '雪', '慧', '琳', '颖', '倩', '欣', '悦', '萍', '红', '梅', '莉', '璐', '晶', '佳', '怡', '月', '兰', '文'];

/** City, the 6-digit administrative code of one of its districts (ID numbers start with it), weight. */
export const CITIES: ReadonlyArray<readonly [string, string, number]> = [
  ['上海', '310101', 14], ['北京', '110101', 13], ['广州', '440103', 10], ['深圳', '440303', 10],
  ['杭州', '330102', 9], ['南京', '320102', 8], ['成都', '510104', 9], ['武汉', '420102', 8],
  ['西安', '610102', 6], ['重庆', '500103', 7], ['天津', '120101', 6], ['苏州', '320505', 6],
];

/** Where migrants' ID numbers come from (the ID records the place of first registration, not residence). */
export const ORIGIN_REGIONS = ['410102', '411302', '430102', '360102', '340102', '370102', '130102', '510722', '450102', '220102'];

export const BRANCHES_PER_CITY = 6;
export const RMS_PER_BRANCH = 8;

/** China Mobile / Unicom / Telecom mobile prefixes. */
export const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '177', '180', '181', '182', '185', '186', '187', '188', '189', '199'];

/** Working-age occupations and weights (students and retirees are assigned by age first). */
export const OCCUPATIONS: ReadonlyArray<readonly [string, number]> = [
  ['企业职员', 30], ['专业技术人员', 10], ['公务员', 6], ['事业单位职工', 8], ['教师', 5], ['医生', 3],
  ['个体工商户', 12], ['私营企业主', 4], ['自由职业', 10], ['农民', 7], ['无业', 5],
];

/** Industry by occupation; 企业职员 and 自由职业 draw from a mix. */
export const INDUSTRY_BY_OCCUPATION: Record<string, string> = {
  公务员: '公共管理', 事业单位职工: '公共管理', 教师: '教育', 医生: '卫生和社会工作', 个体工商户: '批发和零售业',
  私营企业主: '制造业', 农民: '农林牧渔业', 学生: '无', 退休: '无', 无业: '无',
};
export const MIXED_INDUSTRIES = ['制造业', '信息技术', '金融业', '房地产业', '批发和零售业', '住宿和餐饮业', '建筑业', '交通运输'];

export const EDUCATION: ReadonlyArray<readonly [string, number]> = [
  ['初中及以下', 18], ['高中', 22], ['大专', 22], ['本科', 28], ['硕士', 8], ['博士', 2],
];

export const RISK_LEVELS: ReadonlyArray<readonly [string, number]> = [['R1', 15], ['R2', 35], ['R3', 30], ['R4', 15], ['R5', 5]];

/** Preferred marketing channel. */
export const CHANNEL_PREFS: ReadonlyArray<readonly [string, number]> = [['app', 35], ['sms', 20], ['wechat', 20], ['phone', 15], ['rm_visit', 10]];
